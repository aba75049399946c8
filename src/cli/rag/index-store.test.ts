import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IndexStore, type IndexedFile } from './index-store.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-store-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

function record(file: string, ids: string[]): IndexedFile {
  return {
    file,
    hash: 'h',
    source: 'builtin-emulator',
    model: 'text-embedding-v4',
    dimension: 3,
    chunks: ids.map((id, ordinal) => ({ id, heading: 'h', ordinal, text: id, tokens: 1 })),
  };
}

describe('IndexStore', () => {
  it('reads back vectors bit-identical after reopening', async () => {
    const vector = [0.1 + 0.2, -1 / 3, Number.MIN_VALUE];
    const store = IndexStore.open(folder);
    await store.commitBatch([['v1', vector]], [record('a.md', ['v1'])]);
    await store.close();
    const reopened = IndexStore.open(folder);
    expect(Array.from(reopened.getVector('v1') ?? [])).toEqual(vector);
    expect(reopened.hasVector('v1')).toBe(true);
    expect(reopened.listFiles()).toEqual([record('a.md', ['v1'])]);
    await reopened.close();
  });

  it('keeps meta, removes files and sweeps vectors no file uses', async () => {
    const store = IndexStore.open(folder);
    await store.setMeta({ root: '/docs', source: 'builtin-emulator', model: 'm', dimension: 3, complete: true, updatedAt: '2026-01-01T00:00:00.000Z' });
    await store.commitBatch([['v1', [1, 0, 0]], ['v2', [0, 1, 0]]], [record('a.md', ['v1']), record('b.md', ['v2'])]);
    await store.removeFiles(['b.md']);
    expect(await store.sweepVectors(new Set(['v1']))).toBe(1);
    expect(store.vectorCount()).toBe(1);
    expect(store.listFiles().map((entry) => entry.file)).toEqual(['a.md']);
    expect(store.getMeta()?.root).toBe('/docs');
    await store.close();
  });

  it('returns undefined for a vector or meta that is not stored', async () => {
    const store = IndexStore.open(folder);
    expect(store.getVector('missing')).toBeUndefined();
    expect(store.getMeta()).toBeUndefined();
    await store.close();
  });
});
