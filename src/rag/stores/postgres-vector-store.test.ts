import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startPgliteSocketServer, type RunningPostgres } from '../../test-support/pglite-socket-server.js';
import { LocalFileError } from '../local-file-error.js';
import { openPostgresVectorStore } from './open-postgres-vector-store.js';
import { describeVectorStoreContract } from './vector-store.contract.js';

let server: RunningPostgres | undefined;
const started = async (): Promise<RunningPostgres> => (server ??= await startPgliteSocketServer());
beforeAll(started, 60_000);

describeVectorStoreContract('PostgreSQL + pgvector over the wire (pglite-socket)', {
  open: async (fresh) => openPostgresVectorStore((await started()).url, { rebuild: fresh }),
  dispose: async () => server?.close(),
});

describe('openPostgresVectorStore', () => {
  let own: RunningPostgres;
  beforeAll(async () => {
    own = await startPgliteSocketServer();
  }, 60_000);
  afterAll(async () => own.close());

  it('names the store by its URL without the password, and creates an HNSW index per vector set', async () => {
    const store = await openPostgresVectorStore(own.url, { rebuild: true });
    expect(store.location).not.toContain('sk-test-secret');
    expect(store.location).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    const set = { source: 's', model: 'text-embedding-v4', dimension: 4 };
    await store.putVectors(set, [{ key: 'k', dense: [1, 2, 3, 4] }]);
    await store.close();
    const pg = await import('pg');
    const client = new pg.default.Client({ connectionString: own.url });
    await client.connect();
    const { rows } = await client.query<{ indexdef: string }>("SELECT indexdef FROM pg_indexes WHERE indexname LIKE 'dsk_v_%_hnsw'");
    await client.end();
    expect(rows.map((row) => row.indexdef)).toEqual([expect.stringMatching(/USING hnsw \(dense vector_cosine_ops\)/)]);
  });

  it('refuses an unreachable server with a LocalFileError that does not echo the password', async () => {
    const error = await openPostgresVectorStore('postgres://ann:hunter2@127.0.0.1:1/docs').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(LocalFileError);
    expect((error as Error).message).toContain('postgres://ann@127.0.0.1:1/docs');
    expect((error as Error).message).not.toContain('hunter2');
  });
});
