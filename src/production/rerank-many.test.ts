import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { APIUserAbortError, InputValidationError, InvalidParameterError } from '../core/errors.js';
import { countTokensBatch } from '../tokenizer/count-tokens.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';
import { rerankMany } from './rerank-many.js';

interface RerankBody {
  model: string;
  input: { query: string; documents: string[] };
  parameters: { top_n?: number; return_documents?: boolean };
}

let server: LoopbackServer;
let refuse: ((body: RerankBody) => string | undefined) | undefined;
const OVER_BUDGET = 'Value error, the request has 130000 tokens (query tokens × documents + document tokens), more than the limit of 120000: input';

function scoreOf(document: string): number {
  let hash = 7;
  for (let i = 0; i < document.length; i++) hash = (hash * 131 + document.charCodeAt(i)) % 1_000_003;
  return hash / 1_000_003;
}

function bodies(): RerankBody[] {
  return server.requests.map((request) => JSON.parse(request.body) as RerankBody);
}

beforeAll(async () => {
  server = await startLoopbackServer((request, response, index) => {
    const body = JSON.parse(request.body) as RerankBody;
    const message = refuse?.(body);
    if (message) return sendJson(response, 400, { code: 'InvalidParameter', message, request_id: `r${index}` });
    const ranked = body.input.documents
      .map((document, i) => ({ index: i, relevance_score: scoreOf(document), ...(body.parameters.return_documents ? { document: { text: document } } : {}) }))
      .sort((left, right) => right.relevance_score - left.relevance_score);
    const results = body.parameters.top_n === undefined ? ranked : ranked.slice(0, body.parameters.top_n);
    sendJson(response, 200, { output: { results }, usage: { total_tokens: body.input.documents.length }, request_id: `r${index}` });
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  refuse = undefined;
});

function client(): DashScope {
  return new DashScope({ apiKey: 'sk-test-rerank-many', baseURL: server.url });
}

const documents = (count: number) => Array.from({ length: count }, (_, i) => `candidate passage ${i} about topic ${i % 17}`);

describe('rerankMany', () => {
  it('splits documents over the cap into sub-requests and merges one ranking with original indexes and top_n', async () => {
    const docs = documents(1_200);
    const result = await rerankMany(client(), { model: 'qwen3-rerank', query: 'topic', documents: docs, top_n: 25 });
    expect(bodies().map((body) => body.input.documents.length).sort((a, b) => b - a)).toEqual([500, 500, 200]);
    expect(bodies().every((body) => body.parameters.top_n === 25)).toBe(true);
    const expected = docs
      .map((document, index) => ({ index, relevance_score: scoreOf(document) }))
      .sort((left, right) => right.relevance_score - left.relevance_score)
      .slice(0, 25);
    expect(result.results).toEqual(expected);
    expect(result.request_ids).toHaveLength(3);
    expect(result.stats.subRequests).toBe(3);
    expect(result.usage.total_tokens).toBe(1_200);
  });

  it('returns every document ranked when top_n is not given, with the documents when asked', async () => {
    const docs = documents(700);
    const result = await rerankMany(client(), { model: 'qwen3-rerank', query: 'topic', documents: docs, return_documents: true });
    expect(result.results).toHaveLength(700);
    expect(new Set(result.results.map((item) => item.index)).size).toBe(700);
    for (const item of result.results) expect(item.document?.text).toBe(docs[item.index]);
  });

  it('keeps every sub-request within the token budget counted as query tokens per document plus document tokens', async () => {
    const docs = Array.from({ length: 120 }, (_, i) => `section ${i}: ` + 'dense words for the budget '.repeat(60));
    const query = 'which section talks about the budget';
    await rerankMany(client(), { model: 'gte-rerank-v2', query, documents: docs });
    expect(bodies().length).toBeGreaterThan(1);
    const [queryTokens] = await countTokensBatch([query]);
    for (const body of bodies()) {
      const counts = await countTokensBatch(body.input.documents);
      const total = queryTokens! * counts.length + counts.reduce((sum, count) => sum + count, 0);
      expect(total).toBeLessThanOrEqual(30_000);
    }
  });

  it('halves a sub-request the service refuses as over budget and still returns the full ranking', async () => {
    refuse = (body) => (body.input.documents.length > 130 ? OVER_BUDGET : undefined);
    const docs = documents(500);
    const result = await rerankMany(client(), { model: 'qwen3-rerank', query: 'topic', documents: docs, top_n: 10 });
    const expected = docs
      .map((document, index) => ({ index, relevance_score: scoreOf(document) }))
      .sort((left, right) => right.relevance_score - left.relevance_score)
      .slice(0, 10);
    expect(result.results).toEqual(expected);
    expect(result.stats.subRequests).toBe(4);
  });

  it('packs by estimateTokens under tokenCounting estimate and still ranks every document', async () => {
    const docs = Array.from({ length: 120 }, (_, i) => `section ${i}: ` + 'dense words for the budget '.repeat(60));
    const result = await rerankMany(client(), { model: 'gte-rerank-v2', query: 'budget', documents: docs, tokenCounting: 'estimate' });
    expect(result.results).toHaveLength(120);
    const [queryTokens] = await countTokensBatch(['budget']);
    for (const body of bodies()) {
      const counts = await countTokensBatch(body.input.documents);
      expect(queryTokens! * counts.length + counts.reduce((sum, count) => sum + count, 0)).toBeLessThanOrEqual(30_000);
    }
  });

  it('lists documents over the per-item limit as truncated and still ranks them', async () => {
    const docs = ['short one', 'word '.repeat(4_500), 'short two'];
    const result = await rerankMany(client(), { model: 'qwen3-rerank', query: 'q', documents: docs });
    expect(result.truncated).toEqual([1]);
    expect(result.queryTruncated).toBe(false);
    expect(result.results.map((item) => item.index).sort()).toEqual([0, 1, 2]);
  });

  it('refuses an empty document before any request, naming its index', async () => {
    await expect(rerankMany(client(), { model: 'qwen3-rerank', query: 'q', documents: ['a', ' ', 'c'] })).rejects.toMatchObject({
      name: 'InputValidationError',
      param: 'documents[1]',
    });
    await expect(rerankMany(client(), { model: 'qwen3-rerank', query: 'q', documents: ['a'], top_n: 0 })).rejects.toBeInstanceOf(InputValidationError);
    expect(server.requests).toHaveLength(0);
  });

  it('rejects with the error of a sub-request that cannot succeed instead of returning a partial ranking', async () => {
    refuse = (body) => (body.input.documents.includes('candidate passage 600 about topic 5') ? 'Value error, instruct is invalid: parameters.instruct' : undefined);
    await expect(rerankMany(client(), { model: 'qwen3-rerank', query: 'q', documents: documents(1_200) })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('sends no further sub-request after an abort that comes between sub-requests', async () => {
    const controller = new AbortController();
    let sent = 0;
    const abortingFetch: typeof fetch = async (input, init) => {
      sent++;
      const response = await fetch(input, init);
      const text = await response.text();
      controller.abort();
      return new Response(text, { status: response.status, headers: response.headers });
    };
    const aborting = new DashScope({ apiKey: 'sk-test-rerank-many', baseURL: server.url, fetch: abortingFetch });
    await expect(rerankMany(aborting, { model: 'qwen3-rerank', query: 'q', documents: documents(1_200), concurrency: 1, signal: controller.signal })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(sent).toBe(1);
  });

  it('rejects with APIUserAbortError when aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    await expect(rerankMany(client(), { model: 'qwen3-rerank', query: 'q', documents: documents(10), signal: controller.signal })).rejects.toBeInstanceOf(
      APIUserAbortError,
    );
    expect(server.requests).toHaveLength(0);
  });
});
