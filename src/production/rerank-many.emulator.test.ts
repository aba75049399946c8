import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { createEmulator } from '../emulator/create-emulator.js';
import { lexicalRelevance } from '../emulator/lexical-relevance.js';
import type { EmulatorServer } from '../emulator/serve-emulator.js';
import { DEFAULT_RERANK_INSTRUCT } from '../models/catalog.js';
import { rerankMany } from './rerank-many.js';

const TOPICS = 'latency cache shard replica vector index recall precision token batch stream cluster memory disk query score'.split(' ');
const documents = Array.from({ length: 3_000 }, (_, n) =>
  Array.from({ length: 12 + (n % 9) }, (_, w) => TOPICS[(n * 5 + w * 3 + ((n >> w % 4) & 3)) % TOPICS.length]).join(' ') + ` note ${n}`,
);
const query = 'cache latency under query load';

const emulator = createEmulator({ seed: 3, logLimit: 10_000 });
let server: EmulatorServer;
let client: DashScope;

beforeAll(async () => {
  server = await emulator.serve({ port: 0, host: '127.0.0.1' });
  client = new DashScope({ apiKey: 'sk-test-rerank-emulator', baseURL: server.url });
});
afterAll(async () => {
  await server.close();
});

const alone = documents
  .map((document, index) => ({ index, relevance_score: lexicalRelevance(query, document, DEFAULT_RERANK_INSTRUCT) }))
  .sort((left, right) => right.relevance_score - left.relevance_score || left.index - right.index);

describe('rerankMany against the emulator over loopback', () => {
  it('ranks 3,000 documents as the emulator scores each one alone, with original indexes and top_n', async () => {
    emulator.reset();
    const result = await rerankMany(client, { model: 'qwen3-rerank', query, documents, top_n: 100 });
    expect(result.results).toEqual(alone.slice(0, 100));
    const calls = emulator.requestLog().filter((entry) => entry.endpoint === 'rerank');
    expect(calls.length).toBeGreaterThanOrEqual(6);
    expect(calls.every((entry) => entry.outcome === 'accepted' && entry.items <= 500)).toBe(true);
    expect(calls.reduce((sum, entry) => sum + entry.items, 0)).toBe(3_000);
    expect(result.stats.subRequests).toBe(calls.length);
  });

  it('returns every document once when top_n is not given', async () => {
    const result = await rerankMany(client, { model: 'qwen3-rerank', query, documents, return_documents: true });
    expect(result.results.map(({ index, relevance_score }) => ({ index, relevance_score }))).toEqual(alone);
    for (const item of result.results.slice(0, 50)) expect(item.document?.text).toBe(documents[item.index]);
  });

  it('gives the same score as a request with that document alone', async () => {
    const result = await rerankMany(client, { model: 'qwen3-rerank', query, documents, top_n: 12 });
    for (const item of result.results) {
      const single = await client.rerank.create({ model: 'qwen3-rerank', query, documents: [documents[item.index]!] });
      expect(single.results[0]!.relevance_score).toBe(item.relevance_score);
    }
  });
});
