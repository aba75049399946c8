import { importOptional } from './import-optional.js';
import type { VectorStore } from './vector-store.js';

/** Whether `location` names a PostgreSQL server (`postgres://` or `postgresql://`) rather than a folder. */
export function isPostgresLocation(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store at `location`: a `postgres://user:password@host:port/db` URL opens the PostgreSQL +
 * pgvector store (needs the optional packages `pg` and `pgvector`), anything else is a folder for the
 * embedded store (lmdb, checked for damage first, see `openLmdbVectorStore`). `rebuild` empties the store first.
 *
 * @throws LocalFileError for a damaged or unopenable store, or a missing optional package (named).
 */
export async function openVectorStore(location: string, options: { rebuild?: boolean | undefined } = {}): Promise<VectorStore> {
  if (isPostgresLocation(location)) {
    const { openPostgresVectorStore } = await import('./open-postgres-vector-store.js');
    return openPostgresVectorStore(location, options);
  }
  const { openLmdbVectorStore } = await importOptional('lmdb', 'The embedded index store', () => import('./open-lmdb-vector-store.js'));
  return openLmdbVectorStore(location, options);
}
