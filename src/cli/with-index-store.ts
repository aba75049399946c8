import type { CliContext } from './cli-context.js';
import type { IndexStore } from '../rag/index-store.js';
import { damagedIndexError, openIndexStore } from '../rag/open-index-store.js';

const LMDB_ERROR = /^(MDB_[A-Z_]+)/;

/**
 * Opens the index store (`--index <dir>` or `.dashscope-kit/index` in the working folder; `rebuild`
 * starts it again from nothing) through `openIndexStore`, which refuses a damaged store with exit 7
 * instead of letting lmdb crash the process, runs `work`, and closes the store whatever happens, so every
 * committed batch is on disk before the process exits. An lmdb error met while working (`MDB_CORRUPTED`…)
 * is reported the same way.
 *
 * @throws LocalFileError (exit 7) for a damaged or unopenable store; whatever `work` throws.
 */
export async function withIndexStore<T>(
  context: CliContext,
  indexOption: string | undefined,
  work: (store: IndexStore) => Promise<T>,
  options: { rebuild?: boolean | undefined } = {},
): Promise<T> {
  const path = context.indexPath(indexOption);
  const store = await openIndexStore(path, options);
  let damaged = false;
  try {
    return await work(store);
  } catch (error) {
    const code = error instanceof Error ? LMDB_ERROR.exec(error.message)?.[1] : undefined;
    if (!code) throw error;
    damaged = true;
    throw damagedIndexError(path, error instanceof Error ? error.message : code);
  } finally {
    await store.close({ clean: !damaged });
  }
}
