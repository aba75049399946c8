import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from './client.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  AuthenticationError,
  InputValidationError,
  InternalServerError,
  RateLimitError,
  StreamIdleTimeoutError,
} from './core/errors.js';
import { encodeSSE } from './core/sse.js';
import { sendJson, startLoopbackServer, type LoopbackHandler, type LoopbackServer } from './test-support/loopback-server.js';

const KEY = 'sk-canary-7f3a9c1e5b2d4f6a8c0e';
const NATIVE_OK = { output: { choices: [{ finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }] }, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 }, request_id: 'r-ok' };
const MESSAGES = [{ role: 'user' as const, content: 'hi' }];

let server: LoopbackServer;
let handler: LoopbackHandler = (_request, response) => sendJson(response, 200, NATIVE_OK);

beforeAll(async () => {
  server = await startLoopbackServer((request, response, index) => handler(request, response, index));
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  server.requests.length = 0;
});

function client(options: ConstructorParameters<typeof DashScope>[0] = {}): DashScope {
  return new DashScope({ apiKey: KEY, baseURL: server.url, ...options });
}

function nativeError(status: number, code: string, message = 'm'): LoopbackHandler {
  return (_request, response) => sendJson(response, status, { code, message, request_id: 'rid' }, { 'retry-after-ms': '1' });
}

function chatEvent(content: string, finish = 'null'): string {
  return encodeSSE({ id: '1', event: 'result', status: 200, data: JSON.stringify({ output: { choices: [{ finish_reason: finish, message: { role: 'assistant', content } }] }, usage: { input_tokens: 1, output_tokens: 1, total_tokens: 2 }, request_id: 'r-s' }) });
}

function activeTimers(): number {
  return process.getActiveResourcesInfo().filter((resource) => resource === 'Timeout').length;
}

describe('retry table', () => {
  const retried: Array<[number, string]> = [
    [429, 'Throttling'],
    [429, 'Throttling.RateQuota'],
    [429, 'Throttling.AllocationQuota'],
    [429, 'Throttling.BurstRate'],
    [500, 'InternalError'],
    [502, 'Unknown'],
    [503, 'ModelUnavailable'],
    [504, 'Unknown'],
    [408, 'RequestTimeout'],
    [409, 'Conflict'],
  ];
  it.each(retried)('retries %i %s twice by default, then throws', async (status, code) => {
    handler = nativeError(status, code);
    await expect(client().chat.create({ model: 'qwen-plus', messages: MESSAGES })).rejects.toMatchObject({ status, code });
    expect(server.requests).toHaveLength(3);
    expect(server.requests.map((request) => request.headers['x-dashscope-kit-retry-count'])).toEqual(['0', '1', '2']);
  });

  const final: Array<[number, string]> = [
    [400, 'InvalidParameter'],
    [400, 'DataInspectionFailed'],
    [400, 'Arrearage'],
    [401, 'InvalidApiKey'],
    [403, 'AccessDenied'],
    [404, 'ModelNotFound'],
    [429, 'CommodityNotPurchased'],
  ];
  it.each(final)('never retries %i %s', async (status, code) => {
    handler = nativeError(status, code);
    await expect(client().chat.create({ model: 'qwen-plus', messages: MESSAGES })).rejects.toMatchObject({ status, code, isRetryable: false });
    expect(server.requests).toHaveLength(1);
  });

  it('succeeds after a throttle and a server error', async () => {
    handler = (request, response, index) => (index < 2 ? nativeError(index === 0 ? 429 : 500, index === 0 ? 'Throttling.RateQuota' : 'InternalError')(request, response, index) : sendJson(response, 200, NATIVE_OK));
    const completion = await client().chat.create({ model: 'qwen-plus', messages: MESSAGES });
    expect(completion.choices[0]?.message.content).toBe('ok');
    expect(server.requests).toHaveLength(3);
  });

  it('honours maxRetries per call', async () => {
    handler = nativeError(500, 'InternalError');
    await expect(client().chat.create({ model: 'qwen-plus', messages: MESSAGES }, { maxRetries: 0 })).rejects.toBeInstanceOf(InternalServerError);
    expect(server.requests).toHaveLength(1);
  });

  it('waits the retry-after-ms hint before retrying', async () => {
    handler = (request, response, index) =>
      index === 0 ? sendJson(response, 429, { code: 'Throttling', message: 'x', request_id: 'r' }, { 'retry-after-ms': '150' }) : sendJson(response, 200, NATIVE_OK);
    const started = performance.now();
    await client().chat.create({ model: 'qwen-plus', messages: MESSAGES });
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
  });

  it('retries a connection reset', async () => {
    handler = (_request, response, index) => {
      if (index === 0) response.socket?.destroy();
      else sendJson(response, 200, NATIVE_OK);
    };
    const completion = await client().chat.create({ model: 'qwen-plus', messages: MESSAGES });
    expect(completion.request_id).toBe('r-ok');
    expect(server.requests).toHaveLength(2);
  });

  it('surfaces a connection error after the retries', async () => {
    handler = (_request, response) => {
      response.socket?.destroy();
    };
    await expect(client({ maxRetries: 1 }).chat.create({ model: 'qwen-plus', messages: MESSAGES })).rejects.toBeInstanceOf(APIConnectionError);
    expect(server.requests).toHaveLength(2);
  });
});

describe('timeouts and abort', () => {
  it('times out each attempt and retries, then throws APIConnectionTimeoutError', async () => {
    handler = () => undefined;
    const before = activeTimers();
    await expect(client({ timeout: 50, maxRetries: 1 }).chat.create({ model: 'qwen-plus', messages: MESSAGES })).rejects.toBeInstanceOf(APIConnectionTimeoutError);
    expect(server.requests).toHaveLength(2);
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it('rejects with APIUserAbortError when the caller aborts mid-request, without retrying', async () => {
    handler = () => undefined;
    const controller = new AbortController();
    setTimeout(() => controller.abort(new Error('stop')), 30);
    await expect(client().chat.create({ model: 'qwen-plus', messages: MESSAGES }, { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(1);
  });

  it('rejects before sending when the signal is already aborted', async () => {
    await expect(client().chat.create({ model: 'qwen-plus', messages: MESSAGES }, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(server.requests).toHaveLength(0);
  });

  it('stops waiting between retries as soon as the caller aborts', async () => {
    handler = (_request, response) => sendJson(response, 429, { code: 'Throttling.RateQuota', message: 'x', request_id: 'r' });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const started = performance.now();
    await expect(client().chat.create({ model: 'qwen-plus', messages: MESSAGES }, { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(performance.now() - started).toBeLessThan(1_000);
    expect(server.requests).toHaveLength(1);
  });

  it('ends a silent stream with StreamIdleTimeoutError and leaves no timers', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatEvent('first'));
    };
    const before = activeTimers();
    const stream = await client({ streamIdleTimeout: 80 }).chat.create({ model: 'qwen-plus', messages: MESSAGES, stream: true });
    const received: string[] = [];
    await expect(
      (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })(),
    ).rejects.toBeInstanceOf(StreamIdleTimeoutError);
    expect(received).toEqual(['first']);
    expect(server.requests).toHaveLength(1);
    expect(activeTimers()).toBeLessThanOrEqual(before);
  });

  it('does not time out a stream whose consumer is slower than the idle timeout', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(chatEvent('a') + chatEvent('b', 'stop'));
    };
    const stream = await client({ streamIdleTimeout: 30 }).chat.create({ model: 'qwen-plus', messages: MESSAGES, stream: true });
    const received: string[] = [];
    for await (const chunk of stream) {
      received.push(chunk.choices[0]?.delta.content ?? '');
      await new Promise((resolve) => setTimeout(resolve, 60));
    }
    expect(received).toEqual(['a', 'b']);
  });

  it('cancels the request when the consumer breaks out of the stream', async () => {
    let closed = false;
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write(chatEvent('a'));
      response.on('close', () => {
        closed = true;
      });
    };
    const stream = await client().chat.create({ model: 'qwen-plus', messages: MESSAGES, stream: true });
    for await (const chunk of stream) {
      expect(chunk.choices[0]?.delta.content).toBe('a');
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(true);
  });
});

describe('errors inside streams', () => {
  it('retries a retryable error that arrives as the first event', async () => {
    handler = (_request, response, index) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      if (index === 0) response.end(encodeSSE({ id: '1', event: 'error', status: 429, data: JSON.stringify({ code: 'Throttling.RateQuota', message: 'limit', request_id: 'r-e' }) }));
      else response.end(chatEvent('fine', 'stop'));
    };
    const stream = await client({ maxRetries: 1 }).chat.create({ model: 'qwen-plus', messages: MESSAGES, stream: true });
    const completion = await stream.finalCompletion();
    expect(completion.choices[0]?.message.content).toBe('fine');
    expect(server.requests).toHaveLength(2);
  });

  it('never retries once an event was delivered, and throws the typed in-stream error', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(chatEvent('partial') + encodeSSE({ id: '2', event: 'error', status: 429, data: JSON.stringify({ code: 'Throttling.RateQuota', message: 'limit', request_id: 'r-e' }) }));
    };
    const stream = await client().chat.create({ model: 'qwen-plus', messages: MESSAGES, stream: true });
    const received: string[] = [];
    const error = await (async () => {
      for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
    })().catch((caught: unknown) => caught);
    expect(received).toEqual(['partial']);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).requestId).toBe('r-e');
    expect(server.requests).toHaveLength(1);
  });

  it('maps a non-retryable first error event without retrying', async () => {
    handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.end(encodeSSE({ id: '1', event: 'error', status: 400, data: JSON.stringify({ code: 'InvalidParameter', message: 'bad', request_id: 'r-x' }) }));
    };
    await expect(client().chat.create({ model: 'qwen-plus', messages: MESSAGES, stream: true })).rejects.toMatchObject({ status: 400, code: 'InvalidParameter' });
    expect(server.requests).toHaveLength(1);
  });
});

describe('client options', () => {
  it('refuses to start without a key and says where to put one', () => {
    const saved = process.env.DASHSCOPE_API_KEY;
    delete process.env.DASHSCOPE_API_KEY;
    try {
      expect(() => new DashScope({ baseURL: server.url })).toThrow(/DASHSCOPE_API_KEY/);
    } finally {
      if (saved !== undefined) process.env.DASHSCOPE_API_KEY = saved;
    }
  });

  it('resolves region hosts and aliases', () => {
    expect(new DashScope({ apiKey: KEY, region: 'singapore' }).baseURL).toBe('https://dashscope-intl.aliyuncs.com');
    expect(new DashScope({ apiKey: KEY, region: 'us' }).baseURL).toBe('https://dashscope-us.aliyuncs.com');
    expect(new DashScope({ apiKey: KEY }).baseURL).toBe('https://dashscope.aliyuncs.com');
    expect(new DashScope({ apiKey: KEY, region: 'ap-southeast-1', workspace: 'ws-1', workspaceHost: true }).baseURL).toBe('https://ws-1.ap-southeast-1.maas.aliyuncs.com');
    expect(() => new DashScope({ apiKey: KEY, region: 'mars' })).toThrow(InputValidationError);
  });

  it('strips a protocol suffix from baseURL', () => {
    expect(new DashScope({ apiKey: KEY, baseURL: 'https://example.com/compatible-mode/v1/' }).baseURL).toBe('https://example.com');
  });

  it('refuses plain http to a non-loopback host unless allowed', () => {
    expect(() => new DashScope({ apiKey: KEY, baseURL: 'http://dashscope.example.com' })).toThrow(/unencrypted/);
    expect(new DashScope({ apiKey: KEY, baseURL: 'http://dashscope.example.com', allowInsecureHttp: true }).baseURL).toBe('http://dashscope.example.com');
    expect(new DashScope({ apiKey: KEY, baseURL: 'http://[::1]:8787' }).baseURL).toBe('http://[::1]:8787');
  });

  it('sends auth, workspace, inspection and custom headers', async () => {
    handler = (_request, response) => sendJson(response, 200, NATIVE_OK);
    await client({ workspace: 'ws-9', dataInspection: true, defaultHeaders: { 'x-team': 'a' } }).chat.create({ model: 'qwen-plus', messages: MESSAGES }, { headers: { 'x-call': 'b' } });
    const headers = server.requests[0]?.headers ?? {};
    expect(headers.authorization).toBe(`Bearer ${KEY}`);
    expect(headers['x-dashscope-workspace']).toBe('ws-9');
    expect(headers['x-dashscope-datainspection']).toBe('{"input":"cip","output":"cip"}');
    expect(headers['x-team']).toBe('a');
    expect(headers['x-call']).toBe('b');
  });
});

describe('key redaction', () => {
  it('never shows the key in the client, errors or their serialisations', async () => {
    const errors: unknown[] = [];
    handler = nativeError(401, 'InvalidApiKey', 'Invalid API-key provided.');
    errors.push(await client().chat.create({ model: 'qwen-plus', messages: MESSAGES }).catch((caught: unknown) => caught));
    handler = () => undefined;
    errors.push(await client({ timeout: 20, maxRetries: 0 }).chat.create({ model: 'qwen-plus', messages: MESSAGES }).catch((caught: unknown) => caught));
    errors.push(await client().embeddings.create({ model: 'text-embedding-v4', input: '' }).catch((caught: unknown) => caught));
    expect(errors[0]).toBeInstanceOf(AuthenticationError);
    const probes = [KEY, KEY.slice(3, 11), KEY.slice(-8)];
    for (const value of [client(), ...errors]) {
      const renderings = [inspect(value, { depth: 10, showHidden: true }), JSON.stringify(value) ?? '', String(value)];
      for (const rendering of renderings) for (const probe of probes) expect(rendering).not.toContain(probe);
    }
  });
});
