import { mkdtempSync, rmSync, unlinkSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../index.js';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { countTokensBatch } from '../../tokenizer/index.js';
import { buildIndex, type BuildIndexOptions } from '../build-index.js';
import { reciprocalRankFusion } from '../reciprocal-rank-fusion.js';
import { searchIndex } from '../search-index.js';
import type { VectorSet } from '../vector-set.js';
import type { IndexedFile, VectorStore } from './vector-store.js';

/** How a contract run gets a store: `open` gives an empty store each time `fresh` is true, the same one otherwise. */
export interface StoreFactory {
  open(fresh: boolean): Promise<VectorStore>;
  /** Called once after the suite. */
  dispose?(): Promise<void>;
}

const two: VectorSet = { source: 'contract', model: 'text-embedding-v4', dimension: 2 };
const three: VectorSet = { source: 'contract', model: 'text-embedding-v4', dimension: 3 };

function record(file: string, keys: string[], hash = 'h'): IndexedFile {
  return { file, hash, chunks: keys.map((key, ordinal) => ({ key, heading: `${file} > ${ordinal}`, ordinal, text: `text of ${key}`, tokens: 3 })) };
}

const DOCS: Record<string, string> = {
  'tea.md': '# Tea\n\n## Green tea\n\nGreen tea is steeped at 80 degrees for two minutes.\n',
  'proxy.md': '# Proxy\n\n## Configure a proxy\n\nSet the https-proxy option to route registry traffic through a corporate proxy server.\n',
  'cache.md': '# Cache\n\n## Clean the cache\n\nRun the cache clean command to delete cached tarballs from disk.\n',
  'ci.md': '# npm ci\n\n## Synopsis\n\nnpm ci installs exactly what package-lock.json says, for continuous integration.\n',
  'publish.md': '# Publish\n\n## Scoped packages\n\nPublish a scoped package publicly with npm publish --access public.\n',
};

/**
 * The behaviour every {@link VectorStore} keeps, run against a real store (`factory`) and the emulator over
 * HTTP: the store calls themselves, then `buildIndex`/`searchIndex` on top (change detection, resume after
 * an interrupted embed run, a model/dimension switch, sweep, dense/sparse/hybrid order).
 */
export function describeVectorStoreContract(name: string, factory: StoreFactory): void {
  describe(`VectorStore contract: ${name}`, () => {
    let store: VectorStore;
    let server: RunningEmulator;
    let client: DashScope;
    let work: string;
    let docs: string;

    beforeAll(async () => {
      server = await startEmulatorServer();
      client = new DashScope({ apiKey: 'sk-test-contract', baseURL: server.url });
      work = mkdtempSync(join(tmpdir(), 'dsk-contract-'));
    }, 60_000);
    afterAll(async () => {
      await store?.close();
      await factory.dispose?.();
      await server.close();
      rmSync(work, { recursive: true, force: true });
    }, 60_000);
    beforeEach(async () => {
      await store?.close();
      store = await factory.open(true);
      docs = mkdtempSync(join(work, 'docs-'));
      for (const [file, text] of Object.entries(DOCS)) writeFileSync(join(docs, file), text);
    }, 60_000);

    const build = (options: Partial<BuildIndexOptions> = {}) =>
      buildIndex({ folder: docs, store, client, source: 'contract', countTokens: async (texts) => countTokensBatch(texts), ...options });

    it('keeps file records ordered by path, replaces and removes them, and keeps meta', async () => {
      expect(await store.getMeta()).toBeUndefined();
      await store.putFiles([record('b.md', ['k2']), record('a.md', ['k1'])]);
      await store.putFiles([record('b.md', ['k3'], 'h2')]);
      expect((await store.listFiles()).map((entry) => [entry.file, entry.hash])).toEqual([['a.md', 'h'], ['b.md', 'h2']]);
      expect(await store.getFile('b.md')).toEqual(record('b.md', ['k3'], 'h2'));
      await store.removeFiles(['a.md']);
      expect(await store.getFile('a.md')).toBeUndefined();
      const meta = { root: '/docs', set: two, complete: true, updatedAt: '2026-01-01T00:00:00.000Z' };
      await store.setMeta(meta);
      expect(await store.getMeta()).toEqual(meta);
    });

    it('keeps one vector per set and key, so sets never mix, and refuses a vector of the wrong dimension', async () => {
      await store.putVectors(two, [{ key: 'k1', dense: [1, 0] }]);
      await store.putVectors(three, [{ key: 'k1', dense: [0, 1, 0] }, { key: 'k2', dense: [0, 0, 1] }]);
      expect([...(await store.hasVectors(two, ['k1', 'k2']))]).toEqual(['k1']);
      expect(await store.vectorCount(three)).toBe(2);
      expect(await store.vectorCount()).toBe(3);
      expect((await store.listSets()).map((set) => set.dimension).sort()).toEqual([2, 3]);
      await expect(store.putVectors(two, [{ key: 'k9', dense: [1, 2, 3] }])).rejects.toThrow(RangeError);
      expect(await store.hasVectors(two, ['k9'])).toEqual(new Set());
    });

    it('ranks dense hits by cosine and sparse hits by inner product, best first', async () => {
      await store.putVectors(two, [
        { key: 'east', dense: [1, 0], sparse: { indices: [1, 5], values: [0.5, 0.1] } },
        { key: 'north', dense: [0, 3], sparse: { indices: [5], values: [2] } },
        { key: 'northeast', dense: [2, 2], sparse: { indices: [7], values: [1] } },
      ]);
      const dense = await store.searchDense(two, [1, 0.2], 3);
      expect(dense.map((hit) => hit.key)).toEqual(['east', 'northeast', 'north']);
      expect(dense[0]?.score).toBeCloseTo(1 / Math.hypot(1, 0.2), 5);
      expect(await store.hasSparse(two)).toBe(true);
      expect(await store.hasSparse(three)).toBe(false);
      const sparse = await store.searchSparse(two, { indices: [1, 5], values: [1, 1] }, 5);
      expect(sparse.map((hit) => hit.key)).toEqual(['north', 'east']);
      expect(sparse[1]?.score).toBeCloseTo(0.6, 5);
    });

    it('locates each key in its first file by path, in the order asked, leaving unknown keys out', async () => {
      await store.putFiles([record('z.md', ['shared', 'only-z']), record('m.md', ['x', 'shared'])]);
      const found = await store.locateChunks(['only-z', 'missing', 'shared']);
      expect(found.map((chunk) => [chunk.key, chunk.file, chunk.ordinal])).toEqual([['only-z', 'z.md', 1], ['shared', 'm.md', 1]]);
      await store.putFiles([record('m.md', ['x'])]);
      expect((await store.locateChunks(['shared']))[0]?.file).toBe('z.md');
    });

    it('sweeps, in every set, the vectors whose key is not live', async () => {
      await store.putVectors(two, [{ key: 'live', dense: [1, 0] }, { key: 'dead', dense: [0, 1] }]);
      await store.putVectors(three, [{ key: 'dead', dense: [0, 1, 0] }]);
      expect(await store.sweepVectors(new Set(['live']))).toBe(2);
      expect(await store.vectorCount()).toBe(1);
    });

    it('detects new, changed, unchanged and removed files and embeds only what changed', async () => {
      const first = await build({ dimension: 64 });
      expect(first.files.new).toHaveLength(5);
      expect(first.chunks.embedded).toBe(first.chunks.total);
      appendFileSync(join(docs, 'tea.md'), '\n## Black tea\n\nBlack tea takes boiling water and four minutes.\n');
      unlinkSync(join(docs, 'cache.md'));
      const before = server.embeddingStats().texts;
      const second = await build({ dimension: 64 });
      expect(second.files).toMatchObject({ new: [], changed: ['tea.md'], unchanged: 3, removed: ['cache.md'] });
      expect(second.chunks.embedded).toBe(server.embeddingStats().texts - before);
      expect(second.chunks.embedded).toBeGreaterThan(0);
      expect(second.chunks.embedded).toBeLessThan(second.chunks.total);
      expect(await store.getFile('cache.md')).toBeUndefined();
      expect(await store.vectorCount()).toBe(second.chunks.total - second.chunks.duplicates);
    });

    it('resumes an interrupted embed run: the second run embeds only what the first did not store', async () => {
      for (let extra = 0; extra < 150; extra++) writeFileSync(join(docs, `extra-${extra}.md`), `# Extra ${extra}\n\nNote number ${extra} about topic ${extra * 7}.\n`);
      const controller = new AbortController();
      const first = await build({
        dimension: 64,
        concurrency: 1,
        signal: controller.signal,
        onProgress: ({ phase, done }) => {
          if (phase === 'embed' && done > 0) controller.abort();
        },
      });
      expect(first.interrupted).toBe(true);
      expect(first.chunks.embedded).toBeGreaterThan(0);
      expect(first.chunks.pending).toBeGreaterThan(0);
      const stored = await store.vectorCount();
      // The request aborted in flight may still be answered (and counted) by the server after the run returns.
      let before = server.embeddingStats().texts;
      for (let settled = -1; settled !== before; ) {
        settled = before;
        await new Promise((resolve) => setTimeout(resolve, 100));
        before = server.embeddingStats().texts;
      }
      const second = await build({ dimension: 64 });
      expect(second.interrupted).toBe(false);
      expect(second.chunks.reused).toBe(stored);
      expect(second.chunks.embedded).toBe(second.chunks.total - second.chunks.duplicates - stored);
      expect(server.embeddingStats().texts - before).toBe(second.chunks.embedded);
    });

    it('keeps both sets across a model or dimension switch: switching back embeds nothing', async () => {
      const wide = await build({ dimension: 128 });
      const narrow = await build({ dimension: 64 });
      expect(narrow.switchedFrom).toMatchObject({ dimension: 128 });
      expect(narrow.chunks.embedded).toBe(wide.chunks.embedded);
      const back = await build({ dimension: 128 });
      expect(back.chunks.embedded).toBe(0);
      expect(back.chunks.reused).toBe(wide.chunks.embedded);
      expect((await store.listSets()).map((set) => set.dimension).sort()).toEqual([128, 64]);
    });

    it('searches dense, sparse and hybrid: hybrid is the reciprocal rank fusion of the other two', async () => {
      const report = await build({ dimension: 256 });
      expect(report.sparse).toBe(true);
      const set = { source: 'contract', model: 'text-embedding-v4', dimension: 256 };
      const query = 'how do I configure a proxy server';
      const run = (retrieval: 'dense' | 'sparse' | 'hybrid') => searchIndex({ store, client, set, query, retrieval, rerankModel: false, topK: 10, topN: 10 });
      const [dense, sparse, hybrid] = [await run('dense'), await run('sparse'), await run('hybrid')];
      expect(dense.hits[0]?.file).toBe('proxy.md');
      expect(sparse.hits[0]?.file).toBe('proxy.md');
      expect(sparse.hits.every((hit) => hit.cosine === null && (hit.sparse_score ?? 0) > 0)).toBe(true);
      const fused = reciprocalRankFusion([dense.hits.map((hit) => hit.file), sparse.hits.map((hit) => hit.file)]);
      expect(hybrid.retrieval).toBe('hybrid');
      expect(hybrid.hits.map((hit) => hit.file)).toEqual(fused.map((hit) => hit.key));
      expect(hybrid.hits[0]).toMatchObject({ file: 'proxy.md', rrf_score: 2 / 61, retrieval_rank: 1, relevance_score: null });
      expect((await searchIndex({ store, client, set, query })).retrieval).toBe('hybrid');
    });
  });
}
