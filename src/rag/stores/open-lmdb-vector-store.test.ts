import { appendFileSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileError } from '../local-file-error.js';
import { matchesCleanCloseMarker } from './clean-close-marker.js';
import { openLmdbVectorStore } from './open-lmdb-vector-store.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-open-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const set = { source: 'builtin-emulator', model: 'text-embedding-v4', dimension: 2 };

async function storeWithOneVector(): Promise<void> {
  const store = await openLmdbVectorStore(folder);
  await store.putVectors(set, [{ key: 'k', dense: [1, 2] }]);
  await store.close();
}

describe('openLmdbVectorStore', () => {
  it('marks a cleanly closed store so that the next open needs no probe, and any later write clears the mark', async () => {
    await storeWithOneVector();
    expect(matchesCleanCloseMarker(folder)).toBe(true);
    appendFileSync(join(folder, 'data.mdb'), Buffer.alloc(1));
    expect(matchesCleanCloseMarker(folder)).toBe(false);
  });

  it('refuses a truncated store with a LocalFileError pointing to --rebuild, and --rebuild empties it', async () => {
    await storeWithOneVector();
    truncateSync(join(folder, 'data.mdb'), 5000);
    const refused = await openLmdbVectorStore(folder).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(LocalFileError);
    expect(refused).toMatchObject({ hint: expect.stringContaining('--rebuild') });
    expect((refused as Error).message).toMatch(/is damaged \(reading it (crashed with SIG[A-Z]+|failed|.*MDB_)/);
    const rebuilt = await openLmdbVectorStore(folder, { rebuild: true });
    expect(await rebuilt.vectorCount()).toBe(0);
    await rebuilt.close();
  });

  it('replaces a store of an older format instead of failing on it', async () => {
    const old = open({ path: folder, compression: false, maxDbs: 8 });
    old.openDB({ name: 'meta' }).putSync('format', 1);
    old.openDB({ name: 'files' }).putSync('a.md', { file: 'a.md' });
    await old.close();
    const store = await openLmdbVectorStore(folder);
    expect(await store.listFiles()).toEqual([]);
    await store.close();
  });
});
