import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DashScope } from '../client.js';
import { APIUserAbortError } from '../core/errors.js';
import { encodeSSE } from '../core/sse.js';
import { sendJson, sendSse, startLoopbackServer, type LoopbackHandler, type LoopbackServer } from '../test-support/loopback-server.js';
import { createRateLimitedFetch } from './create-rate-limited-fetch.js';
import { RateLimiter, type AcquireOptions, type ReleaseOptions } from './rate-limiter.js';

const CHAT = {
  output: { choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }] },
  usage: { input_tokens: 30, output_tokens: 12, total_tokens: 42 },
  request_id: 'r-chat',
};
const EMBEDDING = { output: { embeddings: [{ text_index: 0, embedding: new Array<number>(64).fill(0.125) }] }, usage: { total_tokens: 7 }, request_id: 'r-emb' };
const RERANK = { output: { results: [{ index: 1, relevance_score: 0.9 }, { index: 0, relevance_score: 0.1 }] }, usage: { total_tokens: 11 }, request_id: 'r-rr' };

let server: LoopbackServer;
let handler: LoopbackHandler;

function defaultHandler(): LoopbackHandler {
  return (request, response) => {
    if (request.path.includes('embedding')) return sendJson(response, 200, EMBEDDING);
    if (request.path.includes('rerank')) return sendJson(response, 200, RERANK);
    return sendJson(response, 200, CHAT);
  };
}

beforeAll(async () => {
  server = await startLoopbackServer((request, response, index) => handler(request, response, index));
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  handler = defaultHandler();
});

interface Recorded {
  acquired: AcquireOptions[];
  released: ReleaseOptions[];
}

function recordingLimiter(limiter = new RateLimiter()): RateLimiter & Recorded {
  const recorded: Recorded = { acquired: [], released: [] };
  const acquire = limiter.acquire.bind(limiter);
  vi.spyOn(limiter, 'acquire').mockImplementation(async (options) => {
    recorded.acquired.push(options);
    const permit = await acquire(options);
    const release = permit.release.bind(permit);
    return { ...permit, release: (released: ReleaseOptions) => (recorded.released.push(released), release(released)) };
  });
  return Object.assign(limiter, recorded);
}

function client(limiter: RateLimiter, options: ConstructorParameters<typeof DashScope>[0] = {}): DashScope {
  return new DashScope({ apiKey: 'sk-test-limited', baseURL: server.url, fetch: createRateLimitedFetch({ limiter }), ...options });
}

describe('createRateLimitedFetch', () => {
  it('puts chat, embeddings and rerank of one client on the same limiter, keyed by model', async () => {
    const limiter = recordingLimiter();
    const dashscope = client(limiter);
    await dashscope.chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'hello there' }], max_tokens: 100 });
    await dashscope.embeddings.create({ model: 'text-embedding-v4', input: 'hello there', dimension: 64 });
    await dashscope.rerank.create({ model: 'qwen3-rerank', query: 'hello', documents: ['a b', 'c d'] });
    expect(limiter.acquired.map((options) => options.model)).toEqual(['qwen-plus', 'text-embedding-v4', 'qwen3-rerank']);
    expect(limiter.acquired[0]!.tokens).toBeGreaterThan(100);
    expect(limiter.released).toEqual([
      { outcome: 'success', actualTokens: 42 },
      { outcome: 'success', actualTokens: 7 },
      { outcome: 'success', actualTokens: 11 },
    ]);
  });

  it('sizes a rerank reservation as query tokens per document plus the documents', async () => {
    const limiter = recordingLimiter();
    await client(limiter).rerank.create({ model: 'qwen3-rerank', query: 'one two three four', documents: ['alpha', 'beta', 'gamma'] });
    const query = 4;
    expect(limiter.acquired[0]!.tokens).toBeGreaterThanOrEqual(query * 3 + 3);
  });

  it('acquires for every attempt, so the client retries are paced too, and reports the throttle kind', async () => {
    let calls = 0;
    handler = (_request, response) => {
      calls++;
      if (calls === 1) return sendJson(response, 429, { code: 'Throttling.AllocationQuota', message: 'Allocated quota exceeded', request_id: 'x' }, { 'retry-after-ms': '1' });
      if (calls === 2) return sendJson(response, 500, { code: 'InternalError', message: 'boom', request_id: 'x' }, { 'retry-after-ms': '1' });
      return sendJson(response, 200, EMBEDDING);
    };
    const limiter = recordingLimiter(new RateLimiter({ adaptive: false }));
    await client(limiter, { maxRetries: 2 }).embeddings.create({ model: 'text-embedding-v4', input: 'hello', dimension: 64 });
    expect(limiter.acquired).toHaveLength(3);
    expect(limiter.released).toEqual([{ outcome: 'throttled', throttle: 'tokens' }, { outcome: 'error' }, { outcome: 'success', actualTokens: 7 }]);
  });

  it('keeps the concurrency slot until a stream has been read to the end', async () => {
    handler = (_request, response) => {
      const event = (content: string, finish: string) =>
        encodeSSE({ id: '1', event: 'result', status: 200, data: JSON.stringify({ output: { choices: [{ finish_reason: finish, message: { role: 'assistant', content } }] }, usage: { input_tokens: 5, output_tokens: 2, total_tokens: 9 }, request_id: 's' }) });
      sendSse(response, event('a', 'null') + event('b', 'stop'));
    };
    const limiter = recordingLimiter(new RateLimiter({ limits: { 'qwen-plus': { maxConcurrency: 1 } } }));
    const stream = await client(limiter).chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'hi' }], stream: true });
    expect(limiter.stats('qwen-plus').inFlight).toBe(1);
    for await (const chunk of stream) expect(chunk).toBeDefined();
    expect(limiter.stats('qwen-plus').inFlight).toBe(0);
    expect(limiter.released).toEqual([{ outcome: 'success', actualTokens: 9 }]);
  });

  it('gives up waiting for a permit when the request is aborted, without sending it', async () => {
    const limiter = new RateLimiter({ limits: { 'text-embedding-v4': { rpm: 1 } }, adaptive: false });
    const dashscope = client(limiter);
    await dashscope.embeddings.create({ model: 'text-embedding-v4', input: 'first', dimension: 64 });
    const controller = new AbortController();
    const pending = dashscope.embeddings.create({ model: 'text-embedding-v4', input: 'second', dimension: 64 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
    expect(limiter.stats('text-embedding-v4').queued).toBe(0);
  });

  it('lets requests without a JSON model body through without a permit', async () => {
    const limiter = recordingLimiter();
    handler = (_request, response) => sendJson(response, 200, { ok: true });
    const limitedFetch = createRateLimitedFetch({ limiter });
    const response = await limitedFetch(`${server.url}/compatible-mode/v1/models`);
    expect(await response.json()).toEqual({ ok: true });
    expect(limiter.acquired).toHaveLength(0);
  });
});
