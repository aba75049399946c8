import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { open } from 'lmdb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CorruptEmbeddingRecordError, EmbeddingCacheError } from './errors.js';
import type { StoredEmbedding } from './embedding-store.js';
import { LmdbEmbeddingStore } from './lmdb-store.js';

const bits = (values: number[]): bigint[] => Array.from(new BigUint64Array(Float64Array.from(values).buffer));

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dashscope-kit-lmdb-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('LmdbEmbeddingStore', () => {
  it('returns vectors bit-identical to what was stored, after closing and reopening', async () => {
    const raw = new BigUint64Array(1024);
    crypto.getRandomValues(raw);
    const random = Array.from(new Float64Array(raw.buffer), (x) => (Number.isNaN(x) ? 0 : x));
    const edge = [-0, 5e-324, -1e-310, 2.2250738585072014e-308, Number.MAX_VALUE, 0.1 + 0.2];
    const first: StoredEmbedding = { model: 'text-embedding-v4', dimension: 1024, embedding: random };
    const second: StoredEmbedding = {
      model: 'text-embedding-v3',
      dimension: edge.length,
      embedding: edge,
      sparse_embedding: [{ index: 111290, value: 0.9004, token: 'sorrow' }],
    };

    const writer = await LmdbEmbeddingStore.open({ path: dir });
    await writer.setMany([['k1', first], ['k2', second]]);
    await writer.close();

    const reader = await LmdbEmbeddingStore.open({ path: dir });
    const [a, missing, b] = await reader.getMany(['k1', 'nope', 'k2']);
    await reader.close();

    expect(missing).toBeUndefined();
    expect(a!.model).toBe('text-embedding-v4');
    expect(a!.dimension).toBe(1024);
    expect(bits(a!.embedding)).toEqual(bits(random));
    expect(bits(b!.embedding)).toEqual(bits(edge));
    expect(Object.is(b!.embedding[0], -0)).toBe(true);
    expect(b!.sparse_embedding).toEqual([{ index: 111290, value: 0.9004, token: 'sorrow' }]);
  });

  it('overwrites an existing key', async () => {
    const store = await LmdbEmbeddingStore.open({ path: dir });
    await store.setMany([['k', { model: 'm', dimension: 1, embedding: [1] }]]);
    await store.setMany([['k', { model: 'm', dimension: 1, embedding: [2] }]]);
    expect((await store.getMany(['k']))[0]!.embedding).toEqual([2]);
    await store.close();
  });

  it('writes a large batch in one call and reads it back in order', async () => {
    const store = await LmdbEmbeddingStore.open({ path: dir });
    const entries = Array.from({ length: 500 }, (_, i): [string, StoredEmbedding] => [
      `key-${i}`,
      { model: 'text-embedding-v4', dimension: 64, embedding: Array.from({ length: 64 }, (_, j) => i * 1000 + j) },
    ]);
    await store.setMany(entries);
    const back = await store.getMany(entries.map(([key]) => key).reverse());
    expect(back.map((entry) => entry!.embedding[0])).toEqual(entries.map(([, value]) => value.embedding[0]).reverse());
    await store.close();
  });

  it('reports a record it cannot decode as corrupt', async () => {
    const raw = open<Uint8Array, string>({ path: dir, encoding: 'binary' });
    await raw.put('bad', new Uint8Array([1, 2, 3]));
    await raw.close();
    const store = await LmdbEmbeddingStore.open({ path: dir });
    await expect(store.getMany(['bad'])).rejects.toBeInstanceOf(CorruptEmbeddingRecordError);
    await store.close();
  });

  it('refuses use after close and tolerates a second close', async () => {
    const store = await LmdbEmbeddingStore.open({ path: dir });
    await store.close();
    await store.close();
    await expect(store.getMany(['k'])).rejects.toBeInstanceOf(EmbeddingCacheError);
    await expect(store.setMany([])).rejects.toBeInstanceOf(EmbeddingCacheError);
  });

  it('rejects an empty path', async () => {
    await expect(LmdbEmbeddingStore.open({ path: '' })).rejects.toBeInstanceOf(TypeError);
  });
});
