import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { damagedIndexError } from './damaged-index-error.js';
import { CLEAN_CLOSE_MARKER, matchesCleanCloseMarker } from './clean-close-marker.js';
import { LmdbVectorStore, OlderIndexFormatError } from './lmdb-vector-store.js';
import { probeLmdbStore } from './probe-lmdb-store.js';

/** The files of an index store folder; `--rebuild` deletes these and nothing else. */
const STORE_FILES = ['data.mdb', 'lock.mdb', CLEAN_CLOSE_MARKER];

/**
 * Opens the embedded store ({@link LmdbVectorStore}) in `path` without risking the process: lmdb maps `data.mdb` into memory and a
 * truncated or overwritten file crashes Node with SIGSEGV/SIGBUS. A store whose data file has the size
 * and mtime recorded at its last clean close opens directly (no cost); any other existing store (crash,
 * `kill -9`, copied, written by something else) is first read end to end by {@link probeLmdbStore} in a
 * child process (~0.2 s), and a failed probe is reported instead of crashing. With `rebuild`, the store's
 * files (`data.mdb`, `lock.mdb`, the marker) are deleted first and a new store is created; a store of an
 * older format (derived data only) is replaced the same way without being asked.
 *
 * @throws LocalFileError (exit 7) for a damaged store (hint: `--rebuild`), or one that cannot be opened.
 */
export async function openLmdbVectorStore(path: string, options: { rebuild?: boolean | undefined } = {}): Promise<LmdbVectorStore> {
  if (options.rebuild) removeStoreFiles(path);
  else if (existsSync(join(path, 'data.mdb')) && !matchesCleanCloseMarker(path)) {
    const probe = await probeLmdbStore(path);
    if (!probe.ok) throw damagedIndexError(path, probe.reason);
  }
  try {
    return LmdbVectorStore.open(path);
  } catch (error) {
    if (!(error instanceof OlderIndexFormatError)) throw error;
    await new Promise((resolve) => setImmediate(resolve));
    removeStoreFiles(path);
    return LmdbVectorStore.open(path);
  }
}

function removeStoreFiles(path: string): void {
  for (const name of STORE_FILES) rmSync(join(path, name), { force: true });
}
