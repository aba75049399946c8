import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { EmbeddingCache, type EmbeddingCompute } from './embedding-cache.js';
import { buildEmbeddingCacheKey, type EmbeddingFingerprint } from './embedding-cache-key.js';
import { EmbeddingCacheError, EmbeddingMismatchError, InvalidEmbeddingInputError } from './errors.js';
import { LmdbEmbeddingStore } from './lmdb-store.js';
import { MemoryEmbeddingStore } from './memory-store.js';

const fp: EmbeddingFingerprint = { model: 'text-embedding-v4', dimension: 4, text_type: 'document', output_type: 'dense' };

const fakeVector = (text: string, dimension: number): number[] =>
  Array.from({ length: dimension }, (_, i) => (text.charCodeAt(i % text.length) || 0) / 1000 + i);

const fakeCompute = (dimension = 4) =>
  vi.fn<EmbeddingCompute>(async (texts) => texts.map((text) => fakeVector(text, dimension)));

const gate = () => {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { open, opened };
};

const tempDirs: string[] = [];
afterEach(() => {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  vi.unstubAllEnvs();
});

describe('EmbeddingCache', () => {
  it('computes misses once and serves them from the store afterwards', async () => {
    const cache = new EmbeddingCache();
    const compute = fakeCompute();
    const first = await cache.embed(fp, ['alpha', 'beta'], compute);
    const second = await cache.embed(fp, ['beta', 'alpha'], compute);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(second.map((e) => e.embedding)).toEqual([first[1]!.embedding, first[0]!.embedding]);
    expect(second[0]).toEqual({ model: 'text-embedding-v4', dimension: 4, embedding: fakeVector('beta', 4) });
    expect(cache.stats).toEqual({ hits: 2, misses: 2, coalesced: 0, computeCalls: 1 });
  });

  it('computes only the texts that missed, in first-occurrence order, without duplicates', async () => {
    const cache = new EmbeddingCache();
    const compute = fakeCompute();
    await cache.embed(fp, ['b'], compute);
    const result = await cache.embed(fp, ['a', 'b', 'a', 'c', 'c'], compute);
    expect(compute).toHaveBeenLastCalledWith(['a', 'c']);
    expect(result.map((e) => e.embedding)).toEqual(['a', 'b', 'a', 'c', 'c'].map((t) => fakeVector(t, 4)));
  });

  it('runs one compute for concurrent calls asking for the same texts', async () => {
    const cache = new EmbeddingCache();
    const release = gate();
    const compute = vi.fn<EmbeddingCompute>(async (texts) => {
      await release.opened;
      return texts.map((text) => fakeVector(text, 4));
    });
    const calls = [cache.embed(fp, ['x', 'y'], compute), cache.embed(fp, ['y', 'x'], compute)];
    await vi.waitFor(() => expect(compute).toHaveBeenCalled());
    calls.push(cache.embed(fp, ['x'], compute));
    await vi.waitFor(() => expect(cache.stats.coalesced).toBe(3));
    release.open();
    const [a, b, c] = await Promise.all(calls);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(b!.map((e) => e.embedding)).toEqual([a![1]!.embedding, a![0]!.embedding]);
    expect(c![0]!.embedding).toEqual(a![0]!.embedding);
    expect(cache.stats).toEqual({ hits: 0, misses: 2, coalesced: 3, computeCalls: 1 });
  });

  it('computes only the non-overlapping texts of a concurrent call', async () => {
    const cache = new EmbeddingCache();
    const release = gate();
    const compute = vi.fn<EmbeddingCompute>(async (texts) => {
      await release.opened;
      return texts.map((text) => fakeVector(text, 4));
    });
    const first = cache.embed(fp, ['a', 'b'], compute);
    await vi.waitFor(() => expect(compute).toHaveBeenCalled());
    const second = cache.embed(fp, ['b', 'c'], compute);
    await vi.waitFor(() => expect(compute).toHaveBeenCalledTimes(2));
    release.open();
    await Promise.all([first, second]);
    expect(compute.mock.calls).toEqual([[['a', 'b']], [['c']]]);
  });

  it.each<[string, EmbeddingFingerprint]>([
    ['dimension', { ...fp, dimension: 8 }],
    ['text_type', { ...fp, text_type: 'query' }],
    ['instruct', { ...fp, instruct: 'Retrieve semantically similar text.' }],
    ['model', { ...fp, model: 'text-embedding-v3' }],
  ])('misses when the %s changes', async (_what, changed) => {
    const cache = new EmbeddingCache();
    await cache.embed(fp, ['same text'], fakeCompute());
    const compute = fakeCompute(changed.dimension);
    await cache.embed(changed, ['same text'], compute);
    expect(compute).toHaveBeenCalledWith(['same text']);
  });

  it('throws EmbeddingMismatchError naming both fingerprints when compute returns the wrong dimension, and caches nothing', async () => {
    const cache = new EmbeddingCache();
    const wrong = fakeCompute(1536);
    const error = await cache.embed(fp, ['t'], wrong).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingMismatchError);
    expect((error as Error).message).toContain('expected {model=text-embedding-v4, dimension=4');
    expect((error as Error).message).toContain('got {model=text-embedding-v4, dimension=1536, length=1536');
    expect((error as EmbeddingMismatchError).source).toBe('compute');
    const right = fakeCompute();
    await cache.embed(fp, ['t'], right);
    expect(right).toHaveBeenCalledTimes(1);
  });

  it('throws EmbeddingMismatchError when compute reports another model', async () => {
    const cache = new EmbeddingCache();
    const compute: EmbeddingCompute = async (texts) => texts.map(() => ({ embedding: [1, 2, 3, 4], model: 'text-embedding-v3' }));
    await expect(cache.embed(fp, ['t'], compute)).rejects.toThrow(/expected \{model=text-embedding-v4.*got \{model=text-embedding-v3/);
  });

  it('throws EmbeddingMismatchError when a requested sparse vector is missing', async () => {
    const cache = new EmbeddingCache();
    await expect(cache.embed({ ...fp, output_type: 'dense&sparse' }, ['t'], fakeCompute())).rejects.toBeInstanceOf(
      EmbeddingMismatchError,
    );
  });

  it('throws EmbeddingMismatchError when the store holds a vector of another dimension under the key', async () => {
    const store = new MemoryEmbeddingStore();
    const key = await buildEmbeddingCacheKey(fp, 'poisoned');
    await store.setMany([[key, { model: 'text-embedding-v4', dimension: 2, embedding: [1, 2] }]]);
    const cache = new EmbeddingCache({ store });
    const compute = fakeCompute();
    const error = await cache.embed(fp, ['poisoned'], compute).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbeddingMismatchError);
    expect((error as EmbeddingMismatchError).source).toBe('store');
    expect(compute).not.toHaveBeenCalled();
  });

  it('keeps sparse vectors and sparse-only results', async () => {
    const cache = new EmbeddingCache();
    const sparseFp: EmbeddingFingerprint = { ...fp, output_type: 'sparse' };
    const compute: EmbeddingCompute = async (texts) => texts.map(() => ({ sparse_embedding: [{ index: 7149, value: 0.829, token: 'wind' }] }));
    await cache.embed(sparseFp, ['风'], compute);
    const [hit] = await cache.embed(sparseFp, ['风'], fakeCompute());
    expect(hit).toEqual({ model: 'text-embedding-v4', dimension: 4, embedding: [], sparse_embedding: [{ index: 7149, value: 0.829, token: 'wind' }] });
  });

  it('rejects a compute that returns the wrong number of results', async () => {
    const cache = new EmbeddingCache();
    await expect(cache.embed(fp, ['a', 'b'], async () => [[1, 2, 3, 4]])).rejects.toBeInstanceOf(EmbeddingCacheError);
  });

  it('rejects joined callers when compute fails, then recomputes on retry', async () => {
    const cache = new EmbeddingCache();
    const release = gate();
    const failing = vi.fn<EmbeddingCompute>(async () => {
      await release.opened;
      throw new Error('upstream 503');
    });
    const first = cache.embed(fp, ['a'], failing);
    const second = cache.embed(fp, ['a'], failing);
    await vi.waitFor(() => expect(cache.stats.coalesced).toBe(1));
    release.open();
    await expect(first).rejects.toThrow('upstream 503');
    await expect(second).rejects.toThrow('upstream 503');
    expect(failing).toHaveBeenCalledTimes(1);
    const retry = fakeCompute();
    await cache.embed(fp, ['a'], retry);
    expect(retry).toHaveBeenCalledTimes(1);
  });

  it('returns copies the caller can mutate without corrupting the cache', async () => {
    const cache = new EmbeddingCache();
    const [first] = await cache.embed(fp, ['a'], fakeCompute());
    first!.embedding.fill(0);
    const [second] = await cache.embed(fp, ['a'], fakeCompute());
    expect(second!.embedding).toEqual(fakeVector('a', 4));
  });

  it('validates its input before touching the store or compute', async () => {
    const store = new MemoryEmbeddingStore();
    const getMany = vi.spyOn(store, 'getMany');
    const cache = new EmbeddingCache({ store });
    const compute = fakeCompute();
    await expect(cache.embed({ ...fp, dimension: -1 }, ['a'], compute)).rejects.toBeInstanceOf(InvalidEmbeddingInputError);
    await expect(cache.embed(fp, [null as unknown as string], compute)).rejects.toBeInstanceOf(InvalidEmbeddingInputError);
    await expect(cache.embed(fp, ['a'], undefined as unknown as EmbeddingCompute)).rejects.toBeInstanceOf(InvalidEmbeddingInputError);
    expect(await cache.embed(fp, [], compute)).toEqual([]);
    expect(getMany).not.toHaveBeenCalled();
    expect(compute).not.toHaveBeenCalled();
  });

  it('persists through an lmdb store without writing the API key or the texts to disk', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dashscope-kit-canary-'));
    tempDirs.push(dir);
    const canary = `sk-canary-${crypto.randomUUID()}`;
    vi.stubEnv('DASHSCOPE_API_KEY', canary);
    const secretText = 'confidential paragraph about quarterly numbers';
    const requests: Array<{ headers: Record<string, string>; body: string }> = [];
    const compute: EmbeddingCompute = async (texts) => {
      requests.push({
        headers: { Authorization: `Bearer ${process.env.DASHSCOPE_API_KEY}` },
        body: JSON.stringify({ model: fp.model, input: { texts }, parameters: { dimension: fp.dimension } }),
      });
      return texts.map((text) => fakeVector(text, fp.dimension));
    };

    const cache = new EmbeddingCache({ store: await LmdbEmbeddingStore.open({ path: dir }) });
    await cache.embed({ ...fp, instruct: canary }, [secretText, canary], compute);
    await cache.close();

    const reopened = new EmbeddingCache({ store: await LmdbEmbeddingStore.open({ path: dir }) });
    const never = fakeCompute();
    await reopened.embed({ ...fp, instruct: canary }, [secretText], never);
    await reopened.close();

    expect(requests[0]!.headers.Authorization).toContain(canary);
    expect(never).not.toHaveBeenCalled();
    const files = readdirSync(dir);
    expect(files.length).toBeGreaterThan(0);
    const disk = Buffer.concat(files.map((name) => readFileSync(join(dir, name))));
    expect(disk.includes(Buffer.from('text-embedding-v4', 'utf8'))).toBe(true);
    for (const needle of [canary, 'sk-canary-', secretText]) {
      expect(disk.includes(Buffer.from(needle, 'utf8'))).toBe(false);
      expect(disk.includes(Buffer.from(needle, 'utf16le'))).toBe(false);
    }
  });
});
