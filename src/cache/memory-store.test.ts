import { describe, expect, it } from 'vitest';
import { EmbeddingCacheError } from './errors.js';
import type { StoredEmbedding } from './embedding-store.js';
import { MemoryEmbeddingStore } from './memory-store.js';

const vector = (seed: number, dimension = 4): StoredEmbedding => ({
  model: 'text-embedding-v4',
  dimension,
  embedding: Array.from({ length: dimension }, (_, i) => seed + i / 10),
});

describe('MemoryEmbeddingStore', () => {
  it('returns stored entries and undefined for misses, in key order', async () => {
    const store = new MemoryEmbeddingStore();
    await store.setMany([['a', vector(1)], ['b', vector(2)]]);
    expect(await store.getMany(['b', 'x', 'a'])).toEqual([vector(2), undefined, vector(1)]);
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = new MemoryEmbeddingStore({ maxEntries: 2 });
    await store.setMany([['a', vector(1)], ['b', vector(2)]]);
    await store.getMany(['a']);
    await store.setMany([['c', vector(3)]]);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual([vector(1), undefined, vector(3)]);
    expect(store.size).toBe(2);
  });

  it('evicts by approximate bytes when maxBytes is set', async () => {
    const store = new MemoryEmbeddingStore({ maxBytes: 2 * (96 + 2 * (1 + 17) + 8 * 64) });
    await store.setMany([['a', vector(1, 64)], ['b', vector(2, 64)]]);
    expect(store.size).toBe(2);
    await store.setMany([['c', vector(3, 64)]]);
    expect(store.size).toBe(2);
    expect((await store.getMany(['a']))[0]).toBeUndefined();
    expect(store.bytes).toBeLessThanOrEqual(2 * (96 + 2 * (1 + 17) + 8 * 64));
  });

  it('skips an entry larger than maxBytes on its own', async () => {
    const store = new MemoryEmbeddingStore({ maxBytes: 500 });
    await store.setMany([['big', vector(1, 1024)]]);
    expect(store.size).toBe(0);
  });

  it('replaces an existing key without double-counting its bytes', async () => {
    const store = new MemoryEmbeddingStore();
    await store.setMany([['a', vector(1)]]);
    const bytes = store.bytes;
    await store.setMany([['a', vector(9)]]);
    expect(store.bytes).toBe(bytes);
    expect(await store.getMany(['a'])).toEqual([vector(9)]);
  });

  it('keeps its data safe from mutation of inputs and outputs', async () => {
    const store = new MemoryEmbeddingStore();
    const input: StoredEmbedding = { ...vector(1), sparse_embedding: [{ index: 7, value: 0.5, token: 'wind' }] };
    await store.setMany([['a', input]]);
    input.embedding[0] = 99;
    input.sparse_embedding![0]!.value = 99;
    const [first] = await store.getMany(['a']);
    first!.embedding[1] = 99;
    const [second] = await store.getMany(['a']);
    expect(second).toEqual({ ...vector(1), sparse_embedding: [{ index: 7, value: 0.5, token: 'wind' }] });
  });

  it('keeps -0 and subnormal values exactly', async () => {
    const store = new MemoryEmbeddingStore();
    await store.setMany([['a', { model: 'm', dimension: 3, embedding: [-0, 5e-324, -2.2250738585072e-308] }]]);
    const [got] = await store.getMany(['a']);
    expect(Object.is(got!.embedding[0], -0)).toBe(true);
    expect(got!.embedding.slice(1)).toEqual([5e-324, -2.2250738585072e-308]);
  });

  it('refuses use after close', async () => {
    const store = new MemoryEmbeddingStore();
    await store.close();
    await expect(store.getMany(['a'])).rejects.toBeInstanceOf(EmbeddingCacheError);
    await store.close();
  });

  it('rejects non-positive limits', () => {
    expect(() => new MemoryEmbeddingStore({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new MemoryEmbeddingStore({ maxBytes: 1.5 })).toThrow(RangeError);
  });
});
