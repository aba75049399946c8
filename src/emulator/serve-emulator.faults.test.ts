import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeSSE } from '../core/sse.js';
import { PATHS } from '../wire/paths.js';
import { createEmulator, type Emulator } from './create-emulator.js';
import type { FaultKind } from './fault-kind.js';
import type { EmulatorServer } from './serve-emulator.js';

const KEY = 'sk-test-faults';
const embed = { model: 'text-embedding-v4', input: { texts: ['fault injection'] }, parameters: { dimension: 64 } };
const chat = { model: 'qwen-plus', input: { messages: [{ role: 'system', content: '[1] Faults are seeded.' }, { role: 'user', content: 'Are faults seeded?' }] }, parameters: { incremental_output: true } };

function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

function causeCode(error: unknown): string | undefined {
  return ((error as { cause?: { code?: string } }).cause?.code) ?? undefined;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected a rejection');
}

describe('faults over real HTTP', () => {
  let emulator: Emulator;
  let server: EmulatorServer;
  const script = async (...sequence: FaultKind[]) => {
    const answer = await fetch(`${server.url}/__emulator/config`, {
      method: 'POST',
      body: JSON.stringify({ faults: { sequence, stallMs: 10_000 } }),
    });
    expect(answer.status).toBe(200);
  };

  beforeAll(async () => {
    emulator = createEmulator({ seed: 5 });
    server = await emulator.serve();
  });
  afterAll(async () => {
    await server.close();
  });

  it.each([
    ['429', 429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.'],
    ['429-allocation', 429, 'Throttling.AllocationQuota', 'Allocated quota exceeded, please increase your quota limit.'],
    ['500', 500, 'InternalError', 'An internal error has occured, please try again later or contact service support.'],
    ['503', 503, 'ModelServingError', expect.stringContaining('capacity')],
  ] as const)('answers the %s fault with HTTP %i and code %s natively', async (fault, status, code, message) => {
    await script(fault);
    const answer = await post(server.url, PATHS.nativeTextEmbedding, embed);
    expect(answer.status).toBe(status);
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(await answer.json()).toEqual({ code, message, request_id: expect.any(String) });
  });

  it('answers the 429 faults in compatible wording: limit_requests and insufficient_quota', async () => {
    await script('429', '429-allocation');
    const body = { model: 'text-embedding-v4', input: 'x' };
    const requests = await post(server.url, PATHS.compatibleEmbeddings, body);
    const tokens = await post(server.url, PATHS.compatibleEmbeddings, body);
    expect([requests.status, tokens.status]).toEqual([429, 429]);
    expect(await requests.json()).toMatchObject({ error: { type: 'limit_requests', code: 'limit_requests' } });
    expect(await tokens.json()).toMatchObject({ error: { type: 'insufficient_quota', code: 'insufficient_quota' } });
  });

  it('answers the 502 and 504 faults with a plain-text gateway body', async () => {
    await script('502', '504');
    const bad = await post(server.url, PATHS.nativeTextEmbedding, embed);
    const timeout = await post(server.url, PATHS.nativeTextEmbedding, embed);
    expect([bad.status, timeout.status]).toEqual([502, 504]);
    expect(bad.headers.get('content-type')).toBe('text/plain');
    expect(await timeout.text()).toBe('upstream request timeout');
  });

  it('resets the connection before headers', async () => {
    await script('reset-before-headers');
    const error = await rejection(post(server.url, PATHS.nativeTextEmbedding, embed));
    expect(error).toBeInstanceOf(TypeError);
    expect(['ECONNRESET', 'UND_ERR_SOCKET']).toContain(causeCode(error));
  });

  it('closes the connection without a byte for an empty response', async () => {
    await script('empty-response');
    const error = await rejection(post(server.url, PATHS.nativeTextEmbedding, embed));
    expect(error).toBeInstanceOf(TypeError);
  });

  it('resets the connection in the middle of a JSON body and of a stream', async () => {
    await script('reset-mid-body', 'reset-mid-body');
    const json = await post(server.url, PATHS.nativeTextEmbedding, embed);
    expect(json.status).toBe(200);
    await expect(json.text()).rejects.toThrow(TypeError);
    const stream = await post(server.url, PATHS.nativeTextGeneration, chat, { 'X-DashScope-SSE': 'enable' });
    const received: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of decodeSSE(stream.body!)) received.push(event.data);
      })(),
    );
    expect(error).toBeInstanceOf(TypeError);
    expect(received.length).toBeGreaterThan(0);
  });

  it('stalls before headers until the client gives up', async () => {
    await script('stall');
    const error = await rejection(post(server.url, PATHS.nativeTextEmbedding, embed, {}, AbortSignal.timeout(200)));
    expect((error as Error).name).toBe('TimeoutError');
  });

  it('stalls in the middle of a stream after sending the first events', async () => {
    await script('stall-mid-body');
    const controller = new AbortController();
    const stream = await post(server.url, PATHS.nativeTextGeneration, chat, { 'X-DashScope-SSE': 'enable' }, controller.signal);
    const received: string[] = [];
    const error = await rejection(
      (async () => {
        for await (const event of decodeSSE(stream.body!, controller.signal)) {
          received.push(event.data);
          setTimeout(() => controller.abort(new Error('idle')), 200);
        }
      })(),
    );
    expect((error as Error).message).toBe('idle');
    expect(received.length).toBeGreaterThan(0);
  });

  it('sends a garbage body and a truncated JSON body with status 200', async () => {
    await script('garbage-body', 'truncated-json');
    const garbage = await post(server.url, PATHS.nativeTextEmbedding, embed);
    expect(garbage.status).toBe(200);
    await expect(garbage.json()).rejects.toThrow(SyntaxError);
    const truncated = await post(server.url, PATHS.nativeTextEmbedding, embed);
    const text = await truncated.text();
    expect(text.startsWith('{"output":{"embeddings":[')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it('sends an error event in the middle of native and compatible streams', async () => {
    await script('error-event-mid-stream', 'error-event-mid-stream');
    const native = await post(server.url, PATHS.nativeTextGeneration, chat, { 'X-DashScope-SSE': 'enable' });
    const nativeEvents = [];
    for await (const event of decodeSSE(native.body!)) nativeEvents.push(event);
    expect(nativeEvents.slice(0, -1).every((event) => event.event === 'result' && event.status === 200)).toBe(true);
    expect(nativeEvents.at(-1)).toMatchObject({ event: 'error', status: 500 });
    expect(JSON.parse(nativeEvents.at(-1)?.data ?? '')).toMatchObject({ code: 'InternalError' });
    const compatible = await post(server.url, PATHS.compatibleChat, { model: 'qwen-plus', messages: chat.input.messages, stream: true });
    const chunks = [];
    for await (const event of decodeSSE(compatible.body!)) chunks.push(JSON.parse(event.data) as Record<string, unknown>);
    expect(chunks.at(-1)).toMatchObject({ error: { code: 'internal_error' } });
    expect(chunks.some((chunk) => 'choices' in chunk)).toBe(true);
  });

  it('counts every fault by kind and reports the seed', () => {
    const stats = emulator.stats();
    expect(stats.seed).toBe(5);
    expect(stats.models['text-embedding-v4']?.faultedByKind).toMatchObject({ '429': 2, '429-allocation': 2, '500': 1, 'reset-before-headers': 1, stall: 1 });
  });
});

describe('rate limits over real HTTP', () => {
  let now = 1_800_000_000_000;
  const clock = () => now;
  let emulator: Emulator;
  let server: EmulatorServer;

  beforeAll(async () => {
    emulator = createEmulator({ clock, rateLimits: { 'text-embedding-v4': { rpm: 60 }, 'qwen3-rerank': { tpm: 600 } } });
    server = await emulator.serve();
  });
  afterAll(async () => {
    await server.close();
  });

  it('answers the second request within a second with 429 Throttling.RateQuota, then admits again the next second', async () => {
    expect((await post(server.url, PATHS.nativeTextEmbedding, embed)).status).toBe(200);
    const throttled = await post(server.url, PATHS.nativeTextEmbedding, embed);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBeNull();
    expect(await throttled.json()).toMatchObject({ code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded, please try again later.' });
    const compatible = await post(server.url, PATHS.compatibleEmbeddings, { model: 'text-embedding-v4', input: 'x' });
    expect(await compatible.json()).toMatchObject({ error: { code: 'limit_requests' } });
    now += 1_000;
    expect((await post(server.url, PATHS.nativeTextEmbedding, embed)).status).toBe(200);
  });

  it('answers token overruns with 429 Throttling.AllocationQuota natively and insufficient_quota in compatible mode', async () => {
    now += 1_000;
    const rerank = { model: 'qwen3-rerank', query: 'alpha', documents: ['alpha beta gamma delta', 'epsilon zeta'] };
    expect((await post(server.url, PATHS.compatibleRerank, rerank)).status).toBe(200);
    const compatible = await post(server.url, PATHS.compatibleRerank, { ...rerank, documents: Array(10).fill('alpha beta gamma delta') });
    expect(compatible.status).toBe(429);
    expect(await compatible.json()).toMatchObject({ error: { code: 'insufficient_quota', type: 'insufficient_quota' } });
    const native = await post(server.url, PATHS.nativeTextRerank, { model: 'qwen3-rerank', input: { query: 'alpha', documents: Array(10).fill('alpha beta gamma delta') } });
    expect(await native.json()).toMatchObject({ code: 'Throttling.AllocationQuota', message: 'Allocated quota exceeded, please increase your quota limit.' });
    expect(emulator.stats().models['qwen3-rerank']?.throttledByCode).toEqual({ 'Throttling.AllocationQuota': 2 });
  });

  it('adds Retry-After and retry-after-ms hints only when asked', async () => {
    emulator.configure({ retryAfter: true });
    now += 60_000;
    await post(server.url, PATHS.nativeTextEmbedding, embed);
    const throttled = await post(server.url, PATHS.nativeTextEmbedding, embed);
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('1');
    expect(Number(throttled.headers.get('retry-after-ms'))).toBeGreaterThan(0);
  });
});

describe('faults in process', () => {
  const request = (emulator: Emulator) =>
    emulator.fetch(`http://x${PATHS.nativeTextEmbedding}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify(embed),
    });

  it('rejects like fetch does for a reset before headers', async () => {
    const error = await rejection(request(createEmulator({ faults: { sequence: ['reset-before-headers'] } })));
    expect(error).toBeInstanceOf(TypeError);
    expect(causeCode(error)).toBe('ECONNRESET');
  });

  it('errors the body stream for a reset mid-body after the first bytes', async () => {
    const answer = await request(createEmulator({ faults: { sequence: ['reset-mid-body'] } }));
    const reader = answer.body!.getReader();
    expect((await reader.read()).value?.length).toBeGreaterThan(0);
    await expect(reader.read()).rejects.toThrow('terminated');
  });

  it('aborts a stall when the request signal aborts', async () => {
    const emulator = createEmulator({ faults: { sequence: ['stall'], stallMs: 60_000 } });
    const controller = new AbortController();
    const pending = emulator.fetch(`http://x${PATHS.nativeTextEmbedding}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}` },
      body: JSON.stringify(embed),
      signal: controller.signal,
    });
    controller.abort(new Error('gave up'));
    await expect(pending).rejects.toThrow('gave up');
  });

  it('draws the same faults for the same seed', async () => {
    const run = async () => {
      const emulator = createEmulator({ seed: 99, faults: { rate: 0.5, kinds: { '500': 1, '429': 1 } } });
      const statuses = [];
      for (let index = 0; index < 20; index++) statuses.push((await request(emulator)).status);
      return statuses;
    };
    const first = await run();
    expect(await run()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([200, 429, 500]));
  });
});
