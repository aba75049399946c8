import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../cache/embedding-cache.js';
import { LmdbEmbeddingStore } from '../cache/lmdb-store.js';
import { DashScope } from '../client.js';
import { APIUserAbortError } from '../core/errors.js';
import { createEmulator, type Emulator } from '../emulator/create-emulator.js';
import { lexicalEmbedding } from '../emulator/lexical-embedding.js';
import { preloadTokenizer } from '../tokenizer/load-tokenizer.js';
import type { EmulatorOptions } from '../emulator/emulator-options.js';
import type { EmulatorServer } from '../emulator/serve-emulator.js';
import { embedMany } from './embed-many.js';
import { RateLimiter } from './rate-limiter.js';

const MODEL = 'text-embedding-v4';
const WORDS = 'amber birch cedar delta ember fjord glade heron iris juniper kelp lotus maple nectar opal pine quartz reed sage thistle umber vale willow yarrow zinnia'.split(' ');
const texts = (count: number, tag = 'doc') =>
  Array.from({ length: count }, (_, n) => `${tag} ${n} ${WORDS[n % 25]} ${WORDS[(n >> 3) % 25]} ${WORDS[(n >> 7) % 25]} ${WORDS[(n >> 11) % 25]}`);

let running: { emulator: Emulator; server: EmulatorServer } | undefined;

async function start(options: EmulatorOptions): Promise<{ emulator: Emulator; client: DashScope; url: string }> {
  const emulator = createEmulator({ seed: 20_261_122, logLimit: 100_000, ...options });
  const server = await emulator.serve({ port: 0, host: '127.0.0.1' });
  running = { emulator, server };
  return { emulator, client: new DashScope({ apiKey: 'sk-test-embed-emulator', baseURL: server.url }), url: server.url };
}

beforeAll(async () => {
  await preloadTokenizer();
});

afterEach(async () => {
  await running?.server.close();
  running = undefined;
});

describe('embedMany against the emulator over loopback', () => {
  it('gives 20,000 texts exactly one correct vector each, in order, through 10 % injected faults', async () => {
    const { emulator, client } = await start({
      latency: { fixedMs: 2, jitterMs: 4 },
      faults: {
        rate: 0.1,
        kinds: { '429': 2.5, '429-allocation': 2.5, '500': 1, '502': 0.5, '503': 1, '504': 0.5, 'reset-before-headers': 0.5, 'reset-mid-body': 0.5, stall: 1 },
        stallMs: 10_000,
      },
    });
    const input = texts(20_000);
    const deliveries = new Uint8Array(input.length);
    const result = await embedMany(client, {
      model: MODEL,
      input,
      dimension: 64,
      concurrency: 32,
      timeout: 2_000,
      onBatch: (batch) => batch.outcomes.forEach((outcome) => deliveries[outcome.text_index]!++),
    });
    expect(result.failures).toEqual([]);
    expect(deliveries.every((count) => count === 1)).toBe(true);
    expect(result.embeddings).toHaveLength(input.length);
    result.embeddings.forEach((item, i) => {
      expect(item?.text_index).toBe(i);
      expect(item?.embedding).toEqual(lexicalEmbedding(input[i]!, 64));
    });
    const totals = emulator.stats().totals;
    expect(totals.faulted).toBeGreaterThan(0.07 * totals.requests);
    expect(totals.faultedByKind).toMatchObject({ '429': expect.any(Number), '429-allocation': expect.any(Number), stall: expect.any(Number), 'reset-before-headers': expect.any(Number) });
    expect(totals.requests).toBe(result.stats.requests);
    expect(result.stats.retries).toBe(result.stats.requests - Math.ceil(input.length / 10));
    expect(result.stats.throttles).toBeGreaterThan(0);
    expect(result.stats.throttles).toBeLessThanOrEqual((totals.faultedByKind['429'] ?? 0) + (totals.faultedByKind['429-allocation'] ?? 0));
  });

  it('sends no request after abort and aborts the ones in flight', async () => {
    const { emulator, client } = await start({ latency: { fixedMs: 150 } });
    const controller = new AbortController();
    const started: number[] = [];
    let abortedInFlight = 0;
    const counting = new DashScope({
      apiKey: 'sk-test-embed-emulator',
      baseURL: client.baseURL,
      fetch: async (input, init) => {
        started.push(Date.now());
        try {
          const response = await fetch(input, init);
          await response.clone().arrayBuffer();
          return response;
        } catch (error) {
          if (init?.signal?.aborted) abortedInFlight++;
          throw error;
        }
      },
    });
    let abortedAt = Number.POSITIVE_INFINITY;
    let batches = 0;
    const pending = embedMany(counting, {
      model: MODEL,
      input: texts(2_000),
      dimension: 64,
      concurrency: 4,
      signal: controller.signal,
      onBatch: () => {
        if (++batches === 6) {
          abortedAt = Date.now();
          controller.abort();
        }
      },
    });
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const log = emulator.requestLog();
    expect(started.filter((at) => at > abortedAt)).toEqual([]);
    expect(log.length).toBeLessThanOrEqual(started.length);
    expect(log.filter((entry) => entry.at > abortedAt + 50)).toEqual([]);
    expect(abortedInFlight).toBeGreaterThanOrEqual(1);
  });

  it('paces on a shared limiter at the emulator quota without a single 429', async () => {
    const { emulator, client } = await start({ rateLimits: { [MODEL]: { rpm: 1_200 } } });
    const limiter = new RateLimiter({ limits: { [MODEL]: { rpm: 1_200 } } });
    const result = await embedMany(client, { model: MODEL, input: texts(400), dimension: 64, limiter });
    expect(result.failures).toEqual([]);
    expect(emulator.stats().totals.throttled).toBe(0);
    expect(result.stats.requests).toBe(40);
  });

  it('makes no embedding request for texts the cache holds, and misses on another dimension or text_type', async () => {
    const { emulator, client } = await start({});
    const directory = mkdtempSync(join(tmpdir(), 'embed-cache-'));
    try {
      const input = texts(300);
      const first = new EmbeddingCache({ store: await LmdbEmbeddingStore.open({ path: directory }) });
      await embedMany(client, { model: MODEL, input, dimension: 64, cache: first });
      await first.close();
      const afterFirst = emulator.stats().totals.requests;
      expect(afterFirst).toBe(30);

      const cache = new EmbeddingCache({ store: await LmdbEmbeddingStore.open({ path: directory }) });
      const again = await embedMany(client, { model: MODEL, input, dimension: 64, cache });
      expect(emulator.stats().totals.requests).toBe(afterFirst);
      expect(again.stats).toMatchObject({ cached: 300, requests: 0 });
      again.embeddings.forEach((item, i) => expect(item?.embedding).toEqual(lexicalEmbedding(input[i]!, 64)));

      await embedMany(client, { model: MODEL, input, dimension: 128, cache });
      expect(emulator.stats().totals.requests).toBe(afterFirst + 30);
      await embedMany(client, { model: MODEL, input, dimension: 64, text_type: 'query', cache });
      expect(emulator.stats().totals.requests).toBe(afterFirst + 60);
      await cache.close();
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});
