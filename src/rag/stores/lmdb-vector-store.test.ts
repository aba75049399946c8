import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexStore, type IndexedFile } from './index-store.js';
import type { VectorSet } from './vector-set.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-store-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

const lexical: VectorSet = { source: 'builtin-emulator', model: 'text-embedding-v4', dimension: 3 };
const small: VectorSet = { source: 'builtin-emulator', model: 'text-embedding-v4', dimension: 2 };

function record(file: string, keys: string[]): IndexedFile {
  return { file, hash: 'h', chunks: keys.map((key, ordinal) => ({ key, heading: 'h', ordinal, text: key, tokens: 1 })) };
}

describe('IndexStore', () => {
  it('reads back vectors bit-identical after reopening', async () => {
    const vector = [0.1 + 0.2, -1 / 3, Number.MIN_VALUE];
    const store = IndexStore.open(folder);
    await store.putFiles([record('a.md', ['k1'])]);
    await store.putVectors(lexical, [['k1', vector]]);
    await store.close();
    const reopened = IndexStore.open(folder);
    expect(Array.from(reopened.getVector(lexical, 'k1') ?? [])).toEqual(vector);
    expect(reopened.hasVector(lexical, 'k1')).toBe(true);
    expect(reopened.listFiles()).toEqual([record('a.md', ['k1'])]);
    await reopened.close();
  });

  it('keeps one vector per set for the same chunk, so sets never mix', async () => {
    const store = IndexStore.open(folder);
    await store.putVectors(lexical, [['k1', [1, 0, 0]]]);
    expect(store.hasVector(small, 'k1')).toBe(false);
    await store.putVectors(small, [['k1', [0, 1]]]);
    expect(Array.from(store.getVector(lexical, 'k1') ?? [])).toEqual([1, 0, 0]);
    expect(Array.from(store.getVector(small, 'k1') ?? [])).toEqual([0, 1]);
    expect(store.listSets()).toHaveLength(2);
    await store.close();
  });

  it('keeps meta, removes files and sweeps the vectors of every set whose chunk no file uses', async () => {
    const store = IndexStore.open(folder);
    await store.setMeta({ root: '/docs', set: lexical, complete: true, updatedAt: '2026-01-01T00:00:00.000Z' });
    await store.putFiles([record('a.md', ['k1']), record('b.md', ['k2'])]);
    await store.putVectors(lexical, [['k1', [1, 0, 0]], ['k2', [0, 1, 0]]]);
    await store.putVectors(small, [['k1', [1, 0]], ['k2', [0, 1]]]);
    await store.removeFiles(['b.md']);
    expect(await store.sweepVectors(new Set(['k1']))).toBe(2);
    expect(store.vectorCount()).toBe(2);
    expect(store.listFiles().map((entry) => entry.file)).toEqual(['a.md']);
    expect(store.getMeta()?.root).toBe('/docs');
    await store.close();
  });

  it('returns undefined for a vector, file or meta that is not stored', async () => {
    const store = IndexStore.open(folder);
    expect(store.getVector(lexical, 'missing')).toBeUndefined();
    expect(store.getFile('a.md')).toBeUndefined();
    expect(store.getMeta()).toBeUndefined();
    await store.close();
  });
});
