import { LocalFileError } from '../local-file-error.js';
import { importOptional } from './import-optional.js';
import { PostgresVectorStore, type PgvectorCodec } from './postgres-vector-store.js';
import { redactUrl } from './redact-url.js';
import { sqlDatabase, type PgPoolLike } from './sql-database.js';

/** Connections the store's pool opens at most (index batches commit concurrently; search uses one). */
const POOL_SIZE = 4;

/**
 * Opens the PostgreSQL + pgvector store at `url` (`postgres://user:password@host:port/database`, any
 * libpq parameter `pg` understands), loading the optional packages `pg` and `pgvector`. The store's
 * `location` is the URL without its password. `rebuild` drops the store's tables first.
 *
 * @throws LocalFileError naming a missing package (`npm install pg pgvector`), or when the server cannot
 *   be reached or has no pgvector (`CREATE EXTENSION vector` failed); the message never holds the password.
 */
export async function openPostgresVectorStore(url: string, options: { rebuild?: boolean | undefined; tablePrefix?: string | undefined } = {}): Promise<PostgresVectorStore> {
  const pg = await importOptional('pg', 'The PostgreSQL store', () => import('pg'));
  const pgvector = (await importOptional('pgvector', 'The PostgreSQL store', () => import('pgvector'))) as unknown as PgvectorCodec;
  const location = redactUrl(url);
  const pool = new pg.default.Pool({ connectionString: url, max: POOL_SIZE });
  pool.on('error', () => undefined);
  try {
    return await PostgresVectorStore.open(sqlDatabase(pool as unknown as PgPoolLike, true), { location, pgvector, rebuild: options.rebuild, tablePrefix: options.tablePrefix });
  } catch (error) {
    await pool.end().catch(() => undefined);
    const message = (error instanceof Error ? error.message : String(error)).replaceAll(url, location);
    const hint = /vector/i.test(message) ? 'Install pgvector on the server (https://github.com/pgvector/pgvector) and allow CREATE EXTENSION vector.' : 'Check the URL, that the server runs, and its credentials.';
    throw new LocalFileError(`Cannot open the PostgreSQL store at ${location}: ${message}`, hint);
  }
}
