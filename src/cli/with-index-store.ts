import type { CliContext } from './cli-context.js';
import { damagedIndexError } from '../rag/stores/damaged-index-error.js';
import { isPostgresLocation, openVectorStore } from '../rag/stores/open-vector-store.js';
import type { VectorStore } from '../rag/stores/vector-store.js';

const LMDB_ERROR = /^(MDB_[A-Z_]+)/;

/** Where the commands keep the index: `--store <url|dir>`, else `--index <dir>`, else `.dashscope-kit/index`. */
export interface StoreOptions {
  index?: string | undefined;
  store?: string | undefined;
  rebuild?: boolean | undefined;
}

/**
 * Opens the vector store (see `openVectorStore`: a `postgres://` URL, or a folder for the embedded store,
 * which is refused with exit 7 when damaged instead of letting lmdb crash the process; `rebuild` starts it
 * again from nothing), runs `work`, and closes the store whatever happens, so every committed batch is kept
 * before the process exits. An lmdb error met while working (`MDB_CORRUPTED`…) is reported the same way.
 *
 * @throws LocalFileError (exit 7) for a damaged or unopenable store; whatever `work` throws.
 */
export async function withIndexStore<T>(context: CliContext, options: StoreOptions, work: (store: VectorStore) => Promise<T>): Promise<T> {
  const location = options.store !== undefined && isPostgresLocation(options.store) ? options.store : context.indexPath(options.store ?? options.index);
  const store = await openVectorStore(location, { rebuild: options.rebuild });
  let damaged = false;
  try {
    return await work(store);
  } catch (error) {
    const code = error instanceof Error ? LMDB_ERROR.exec(error.message)?.[1] : undefined;
    if (!code) throw error;
    damaged = true;
    throw damagedIndexError(store.location, error instanceof Error ? error.message : code);
  } finally {
    await store.close({ clean: !damaged });
  }
}
