import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { EmbeddingCache } from '../cache/embedding-cache.js';
import { DashScope } from '../client.js';
import { APIUserAbortError, AuthenticationError, InputValidationError } from '../core/errors.js';
import { countTokens } from '../tokenizer/count-tokens.js';
import { estimateTokens } from '../tokenizer/estimate-tokens.js';
import { sendJson, startLoopbackServer, type LoopbackServer, type RecordedRequest } from '../test-support/loopback-server.js';
import { embedMany } from './embed-many.js';
import { RateLimiter } from './rate-limiter.js';
import { RetryBudget } from './retry-budget.js';

type Reply = { status: number; body: unknown } | 'ok' | 'hang';
type Script = (texts: string[], index: number) => Reply;

let server: LoopbackServer;
let script: Script = () => 'ok';

function vectorOf(text: string, dimension: number): number[] {
  const vector = new Array<number>(dimension).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % dimension] = (vector[i % dimension]! * 31 + text.charCodeAt(i)) % 9973;
  return vector;
}

function textsOf(request: RecordedRequest): string[] {
  const body = JSON.parse(request.body) as { input: { texts: string[] } };
  return body.input.texts;
}

beforeAll(async () => {
  server = await startLoopbackServer((request, response, index) => {
    const body = JSON.parse(request.body) as { input: { texts: string[] }; parameters: { dimension?: number } };
    const texts = body.input.texts;
    const reply = script(texts, index);
    if (reply === 'hang') return;
    if (reply !== 'ok') return sendJson(response, reply.status, reply.body);
    const dimension = body.parameters.dimension ?? 1024;
    sendJson(response, 200, {
      output: { embeddings: texts.map((text, text_index) => ({ text_index, embedding: vectorOf(text, dimension) })).reverse() },
      usage: { total_tokens: texts.length * 3 },
      request_id: `r${index}`,
    });
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  server.requests.length = 0;
  script = () => 'ok';
});

function client(): DashScope {
  return new DashScope({ apiKey: 'sk-test-embed-many', baseURL: server.url, maxRetries: 5 });
}

const texts = (count: number, prefix = 'text') => Array.from({ length: count }, (_, i) => `${prefix} number ${i}`);
const throttle = { status: 429, body: { code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.', request_id: 'x' } };
const serverError = { status: 500, body: { code: 'InternalError', message: 'boom', request_id: 'x' } };

describe('embedMany', () => {
  it('returns one vector per text in input order across batches of the model cap', async () => {
    const input = texts(25);
    const result = await embedMany(client(), { model: 'text-embedding-v4', input, dimension: 64 });
    expect(result.embeddings.map((item) => item?.text_index)).toEqual(input.map((_, i) => i));
    result.embeddings.forEach((item, i) => expect(item?.embedding).toEqual(vectorOf(input[i]!, 64)));
    expect(server.requests.map((request) => textsOf(request).length).sort()).toEqual([10, 10, 5]);
    expect(result.failures).toEqual([]);
    expect(result.dimension).toBe(64);
    expect(result.usage.total_tokens).toBe(75);
    expect(result.stats).toMatchObject({ embedded: 25, failed: 0, requests: 3, retries: 0 });
  });

  it('throws an InputValidationError naming the empty text before any request', async () => {
    const input = ['a', ' ', 'c'];
    await expect(embedMany(client(), { model: 'text-embedding-v4', input })).rejects.toMatchObject({
      name: 'InputValidationError',
      param: 'input[1]',
    });
    expect(server.requests).toHaveLength(0);
  });

  it('reports skipped empty texts with their index and embeds the rest', async () => {
    const result = await embedMany(client(), { model: 'text-embedding-v4', input: ['a', '', 'c'], dimension: 64, onEmpty: 'skip' });
    expect(result.embeddings[1]).toBeUndefined();
    expect(result.embeddings[2]?.embedding).toEqual(vectorOf('c', 64));
    expect(result.failures).toEqual([expect.objectContaining({ text_index: 1, reason: 'empty' })]);
    expect(textsOf(server.requests[0]!)).toEqual(['a', 'c']);
  });

  it('refuses an over-long text before any request, naming its index and token count', async () => {
    const long = 'lorem ipsum '.repeat(5_000);
    const error = await embedMany(client(), { model: 'text-embedding-v4', input: ['short', long] }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).param).toBe('input[1]');
    expect((error as Error).message).toMatch(/8192/);
    expect(server.requests).toHaveLength(0);
  });

  it('truncates an over-long text to the per-text token limit and lists it', async () => {
    const long = 'lorem ipsum '.repeat(5_000);
    const result = await embedMany(client(), { model: 'text-embedding-v4', input: ['short', long], dimension: 64, onTooLong: 'truncate' });
    expect(result.truncated).toEqual([1]);
    const sent = textsOf(server.requests[0]!)[1]!;
    expect(long.startsWith(sent)).toBe(true);
    expect(await countTokens(sent)).toBeLessThanOrEqual(8_192);
    expect(result.embeddings[1]?.embedding).toEqual(vectorOf(sent, 64));
  });

  it('skips an over-long text as too_long without sending it', async () => {
    const long = 'lorem ipsum '.repeat(5_000);
    const result = await embedMany(client(), { model: 'text-embedding-v4', input: [long, 'b'], dimension: 64, onTooLong: 'skip' });
    expect(result.failures).toEqual([expect.objectContaining({ text_index: 0, reason: 'too_long' })]);
    expect(textsOf(server.requests[0]!)).toEqual(['b']);
  });

  it('re-splits batches into the cap named by "batch size is invalid" and keeps that cap', async () => {
    script = (sent) =>
      sent.length > 4
        ? { status: 400, body: { code: 'InvalidParameter', message: 'Value error, batch size is invalid, it should not be larger than 4.: input.contents' } }
        : 'ok';
    const input = texts(30);
    const result = await embedMany(client(), { model: 'text-embedding-v4', input, dimension: 64, concurrency: 1 });
    expect(result.failures).toEqual([]);
    result.embeddings.forEach((item, i) => expect(item?.embedding).toEqual(vectorOf(input[i]!, 64)));
    const sizes = server.requests.map((request) => textsOf(request).length);
    expect(sizes[0]).toBe(10);
    expect(sizes.slice(1).every((size) => size <= 4)).toBe(true);
    expect(sizes.filter((size) => size === 10)).toHaveLength(1);
  });

  it('halves a batch refused for input length down to the one text and fails only that text', async () => {
    script = (sent) =>
      sent.includes('text number 6') ? { status: 400, body: { code: 'InvalidParameter', message: 'Range of input length should be [1, 8192]' } } : 'ok';
    const input = texts(10);
    const result = await embedMany(client(), { model: 'text-embedding-v4', input, dimension: 64 });
    expect(result.failures).toEqual([expect.objectContaining({ text_index: 6, reason: 'too_long' })]);
    expect(result.embeddings.filter(Boolean)).toHaveLength(9);
    expect(result.embeddings[7]?.embedding).toEqual(vectorOf(input[7]!, 64));
  });

  it('isolates the text a batch was refused for with a 400 such as content inspection', async () => {
    script = (sent) =>
      sent.includes('text number 3') ? { status: 400, body: { code: 'DataInspectionFailed', message: 'Input data may contain inappropriate content.' } } : 'ok';
    const result = await embedMany(client(), { model: 'text-embedding-v4', input: texts(10), dimension: 64 });
    expect(result.failures).toEqual([expect.objectContaining({ text_index: 3, reason: 'error', message: expect.stringMatching(/DataInspectionFailed/) })]);
    expect(result.embeddings.filter(Boolean)).toHaveLength(9);
  });

  it('stops at an authentication error instead of failing every item one by one', async () => {
    script = () => ({ status: 401, body: { code: 'InvalidApiKey', message: 'Invalid API-key provided.' } });
    await expect(embedMany(client(), { model: 'text-embedding-v4', input: texts(200), dimension: 64, concurrency: 2 })).rejects.toBeInstanceOf(AuthenticationError);
    expect(server.requests.length).toBeLessThanOrEqual(2);
  });

  it('retries throttles and server errors on the budget, whatever the client maxRetries', async () => {
    const faults = new Map<number, Reply>([
      [0, throttle],
      [1, serverError],
    ]);
    script = (_sent, index) => faults.get(index) ?? 'ok';
    vi.useFakeTimers({ shouldAdvanceTime: true, advanceTimeDelta: 50 });
    try {
      const pending = embedMany(client(), { model: 'text-embedding-v4', input: texts(10), dimension: 64 });
      await vi.advanceTimersByTimeAsync(10_000);
      const result = await pending;
      expect(result.failures).toEqual([]);
      expect(result.stats).toMatchObject({ requests: 3, retries: 2, throttles: 1 });
    } finally {
      vi.useRealTimers();
    }
  });

  it('lends the concurrency slot of a batch sleeping in backoff to the next batch', async () => {
    script = (_sent, index) => (index === 0 ? throttle : 'ok');
    const result = await embedMany(client(), { model: 'text-embedding-v4', input: texts(20), dimension: 64, concurrency: 1 });
    expect(result.failures).toEqual([]);
    expect(server.requests.map((request) => textsOf(request)[0])).toEqual(['text number 0', 'text number 10', 'text number 0']);
  });

  it('reports failed batches with their indexes and keeps the successes when the budget runs out', async () => {
    script = (sent) => (sent[0] === 'text number 10' ? serverError : 'ok');
    const input = texts(30);
    const result = await embedMany(client(), {
      model: 'text-embedding-v4',
      input,
      dimension: 64,
      retryBudget: new RetryBudget({ capacity: 10 }),
      concurrency: 1,
    });
    expect(result.failures.map((failure) => failure.text_index)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(result.failures[0]).toMatchObject({ reason: 'error', message: expect.stringMatching(/500 InternalError/) });
    expect(result.embeddings.filter(Boolean)).toHaveLength(20);
    expect(result.stats.retries).toBe(1);
  });

  it('starts no request after abort, aborts the ones in flight and rejects with APIUserAbortError', async () => {
    const controller = new AbortController();
    const started: number[] = [];
    const endedAborted: boolean[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      started.push(performance.now());
      try {
        return await fetch(input, init);
      } catch (error) {
        endedAborted.push(init?.signal?.aborted ?? false);
        throw error;
      }
    };
    script = (_sent, index) => (index < 3 ? 'ok' : 'hang');
    let abortedAt = Number.POSITIVE_INFINITY;
    let batches = 0;
    const slowClient = new DashScope({ apiKey: 'sk-test-embed-many', baseURL: server.url, fetch: recordingFetch });
    const pending = embedMany(slowClient, {
      model: 'text-embedding-v4',
      input: texts(200),
      dimension: 64,
      concurrency: 2,
      signal: controller.signal,
      onBatch: () => {
        batches++;
        if (batches === 3) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(started.filter((time) => time >= abortedAt)).toEqual([]);
    expect(started.length).toBe(4);
    expect(endedAborted).toEqual([true]);
  });

  it('calls onBatch once per batch with outcomes that together cover every index once', async () => {
    const seen: number[] = [];
    await embedMany(client(), {
      model: 'text-embedding-v4',
      input: texts(23),
      dimension: 64,
      onBatch: (batch) => seen.push(...batch.outcomes.map((outcome) => outcome.text_index)),
    });
    expect(seen.sort((a, b) => a - b)).toEqual(Array.from({ length: 23 }, (_, i) => i));
  });

  it('acquires a limiter permit per request with the exact token count of the batch', async () => {
    const limiter = new RateLimiter({ limits: { 'text-embedding-v4': { rpm: 60_000 } } });
    const acquire = vi.spyOn(limiter, 'acquire');
    const input = ['hello world', 'the quick brown fox'];
    await embedMany(client(), { model: 'text-embedding-v4', input, dimension: 64, limiter });
    const exact = (await countTokens(input[0]!)) + (await countTokens(input[1]!));
    expect(acquire).toHaveBeenCalledTimes(1);
    expect(acquire.mock.calls[0]![0]).toMatchObject({ model: 'text-embedding-v4', tokens: exact });
  });

  it('reserves the estimateTokens count instead of the exact one under tokenCounting estimate', async () => {
    const limiter = new RateLimiter({ limits: { 'text-embedding-v4': { rpm: 60_000 } } });
    const acquire = vi.spyOn(limiter, 'acquire');
    const input = ['hello world', 'the quick brown fox'];
    await embedMany(client(), { model: 'text-embedding-v4', input, dimension: 64, limiter, tokenCounting: 'estimate' });
    expect(acquire.mock.calls[0]![0]).toMatchObject({ tokens: estimateTokens(input[0]!) + estimateTokens(input[1]!) });
  });

  it('serves repeated texts from the cache without a request and packs only the misses', async () => {
    const cache = new EmbeddingCache();
    const input = texts(20);
    await embedMany(client(), { model: 'text-embedding-v4', input, dimension: 64, cache });
    server.requests.length = 0;
    const again = await embedMany(client(), { model: 'text-embedding-v4', input, dimension: 64, cache });
    expect(server.requests).toHaveLength(0);
    expect(again.stats.cached).toBe(20);
    again.embeddings.forEach((item, i) => expect(item?.embedding).toEqual(vectorOf(input[i]!, 64)));
    const mixed = [...input.slice(0, 10), ...texts(10, 'fresh')];
    const third = await embedMany(client(), { model: 'text-embedding-v4', input: mixed, dimension: 64, cache });
    expect(server.requests.map((request) => textsOf(request))).toEqual([texts(10, 'fresh')]);
    expect(third.stats.cached).toBe(10);
  });
});
