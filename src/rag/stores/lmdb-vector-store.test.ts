import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LmdbVectorStore, OlderIndexFormatError } from './lmdb-vector-store.js';
import type { VectorSet } from '../vector-set.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-store-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const set: VectorSet = { source: 'builtin-emulator', model: 'text-embedding-v4', dimension: 3 };

describe('LmdbVectorStore', () => {
  it('keeps vectors as float32 across a reopen: the stored vector scores cosine 1 against its float32 self', async () => {
    const vector = [0.1 + 0.2, -1 / 3, 1e-3];
    const store = LmdbVectorStore.open(folder);
    await store.putVectors(set, [{ key: 'k1', dense: vector, sparse: { indices: [3, 70000], values: [0.5, 1.25] } }]);
    await store.close();
    const reopened = LmdbVectorStore.open(folder);
    const [dense] = await reopened.searchDense(set, Array.from(Float32Array.from(vector)), 1);
    expect(dense?.key).toBe('k1');
    expect(dense?.score).toBeCloseTo(1, 12);
    expect(await reopened.searchSparse(set, { indices: [70000], values: [2] }, 5)).toEqual([{ key: 'k1', score: 2.5 }]);
    expect(await reopened.hasSparse(set)).toBe(true);
    await reopened.close();
  });

  it('searches from a matrix kept in RAM that a write to the set makes stale, also a write by another handle on the folder, and a sweep', async () => {
    const store = LmdbVectorStore.open(folder);
    const other = LmdbVectorStore.open(folder);
    await store.putVectors(set, [{ key: 'a', dense: [1, 0, 0] }, { key: 'b', dense: [0, 1, 0] }]);
    const keys = async () => (await store.searchDense(set, [0.9, 0.1, 0.05], 3)).map((hit) => hit.key);
    expect(await keys()).toEqual(['a', 'b']);
    await store.putVectors(set, [{ key: 'c', dense: [0.9, 0.1, 0.05] }]);
    expect(await keys()).toEqual(['c', 'a', 'b']);
    await other.putVectors(set, [{ key: 'd', dense: [0.9, 0.1, 0.06] }]);
    expect(await keys()).toEqual(['c', 'd', 'a']);
    await other.sweepVectors(new Set(['a', 'b']));
    expect(await keys()).toEqual(['a', 'b']);
    await other.close();
    await store.close();
  });

  it('refuses a store of an older format with OlderIndexFormatError', async () => {
    const old = open({ path: folder, compression: false, maxDbs: 10 });
    old.openDB({ name: 'meta' }).putSync('format', 2);
    await old.close();
    expect(() => LmdbVectorStore.open(folder)).toThrow(OlderIndexFormatError);
  });
});
