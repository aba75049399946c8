import type { ServerResponse } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { DashScope, type ClientOptions } from '../index.js';
import {
  ResponseTooLargeError,
  StreamIdleTimeoutError,
  StreamTimeoutError,
  StreamTruncatedError,
  type DashScopeError,
} from './errors.js';
import { readFixture } from '../test-support/fixtures.js';
import { startLoopbackServer, type LoopbackHandler, type LoopbackServer } from '../test-support/loopback-server.js';

const MiB = 1024 * 1024;
const messages = [{ role: 'user' as const, content: 'Hi' }];
const nativeEvents = readFixture('chat-native-stream-text-incremental.sse').split(/\n\n+/).filter((frame) => frame.trim() !== '');
const compatibleEvents = readFixture('chat-compatible-stream-include-usage.sse').split(/\n\n+/).filter((frame) => frame.trim() !== '');

let server: LoopbackServer | undefined;
const timers = new Set<ReturnType<typeof setInterval>>();

afterEach(async () => {
  for (const timer of timers) clearInterval(timer);
  timers.clear();
  await server?.close();
  server = undefined;
});

async function clientFor(handler: LoopbackHandler, options: ClientOptions = {}): Promise<DashScope> {
  server = await startLoopbackServer(handler);
  return new DashScope({ apiKey: 'sk-test-settles', baseURL: server.url, maxRetries: 0, ...options });
}

function openStream(response: ServerResponse): void {
  response.writeHead(200, { 'content-type': 'text/event-stream;charset=UTF-8' });
  response.flushHeaders();
}

function every(ms: number, write: () => void, response: ServerResponse): void {
  const timer = setInterval(() => {
    if (response.destroyed || response.writableEnded) clearInterval(timer);
    else write();
  }, ms);
  timers.add(timer);
}

/** Writes `piece` as fast as the socket drains until the client goes away. */
function flood(response: ServerResponse, piece: string): void {
  const write = (): void => {
    while (!response.destroyed && response.write(piece));
    if (!response.destroyed) response.once('drain', write);
  };
  write();
}

async function drain(stream: AsyncIterable<unknown>): Promise<number> {
  let count = 0;
  for await (const _ of stream) count++;
  return count;
}

async function failure(run: () => Promise<unknown>): Promise<{ error: DashScopeError; ms: number }> {
  const started = performance.now();
  try {
    await run();
  } catch (error) {
    return { error: error as DashScopeError, ms: performance.now() - started };
  }
  throw new Error('expected the call to fail');
}

/** Peak RSS growth in bytes while `run` settles, sampled every 20 ms. */
async function peakRssGrowth(run: () => Promise<unknown>): Promise<{ outcome: unknown; growth: number }> {
  const before = process.memoryUsage().rss;
  let peak = before;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
  try {
    const outcome = await run().catch((error: unknown) => error);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { outcome, growth: peak - before };
  } finally {
    clearInterval(sampler);
  }
}

describe('every streaming call settles', () => {
  it('ends a stream of endless keep-alive comments with StreamIdleTimeoutError after the idle timeout', async () => {
    const client = await clientFor((_request, response) => {
      openStream(response);
      every(20, () => response.write(': keep-alive\n\n'), response);
    }, { streamIdleTimeout: 300 });
    const { error, ms } = await failure(() => client.chat.create({ model: 'qwen-plus', messages, stream: true }));
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(error.isRetryable).toBe(true);
    expect(ms).toBeGreaterThanOrEqual(250);
    expect(ms).toBeLessThan(2_000);
  });

  it('does not let comments after a delivered event keep the stream open, and does not retry it', async () => {
    const client = await clientFor((_request, response) => {
      openStream(response);
      response.write(`${nativeEvents[0]}\n\n`);
      every(20, () => response.write(':\n'), response);
    }, { streamIdleTimeout: 300, maxRetries: 2 });
    const stream = await client.chat.create({ model: 'qwen-plus', messages, stream: true });
    let chunks = 0;
    const { error, ms } = await failure(async () => {
      for await (const _ of stream) chunks++;
    });
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(chunks).toBe(1);
    expect(ms).toBeLessThan(2_000);
    expect(server?.requests).toHaveLength(1);
  });

  it('times out headers followed by silence on the idle timeout, not the per-attempt timeout, on every attempt', async () => {
    const client = await clientFor((_request, response) => openStream(response), { streamIdleTimeout: 300, timeout: 20_000, maxRetries: 1 });
    const { error, ms } = await failure(() => client.chat.create({ model: 'qwen-plus', messages, stream: true, protocol: 'compatible' }));
    expect(error).toBeInstanceOf(StreamIdleTimeoutError);
    expect(server?.requests).toHaveLength(2);
    expect(ms).toBeLessThan(3_000);
  });

  it('still lets a slow consumer take longer than the idle timeout between events', async () => {
    const client = await clientFor((_request, response) => {
      openStream(response);
      response.end(`${compatibleEvents.join('\n\n')}\n\n`);
    }, { streamIdleTimeout: 100 });
    const stream = await client.chat.create({ model: 'qwen-plus', messages, stream: true, protocol: 'compatible' });
    let chunks = 0;
    for await (const _ of stream) {
      chunks++;
      await new Promise((resolve) => setTimeout(resolve, 150));
    }
    expect(chunks).toBe(compatibleEvents.length - 1);
  });

  it('ends a stream that never finishes at its overall streamTimeout with StreamTimeoutError', async () => {
    const client = await clientFor((_request, response) => {
      openStream(response);
      every(30, () => response.write(`${nativeEvents[0]}\n\n`), response);
    }, { streamIdleTimeout: 5_000 });
    const stream = await client.chat.create({ model: 'qwen-plus', messages, stream: true }, { streamTimeout: 600 });
    let chunks = 0;
    const { error, ms } = await failure(async () => {
      for await (const _ of stream) chunks++;
    });
    expect(error).toBeInstanceOf(StreamTimeoutError);
    expect((error as StreamTimeoutError).timeoutMs).toBe(600);
    expect(error.isRetryable).toBe(false);
    expect(chunks).toBeGreaterThan(3);
    expect(ms).toBeLessThan(2_500);
  });
});

describe('a stream without its terminator', () => {
  it('throws StreamTruncatedError for a compatible stream that ends without [DONE], after delivering what came, without retrying', async () => {
    const client = await clientFor((_request, response) => {
      openStream(response);
      response.end(`${compatibleEvents.filter((frame) => !frame.includes('[DONE]')).join('\n\n')}\n\n`);
    }, { maxRetries: 2 });
    const stream = await client.chat.create({ model: 'qwen-plus', messages, stream: true, protocol: 'compatible' });
    let content = '';
    const { error } = await failure(async () => {
      for await (const chunk of stream) content += chunk.choices[0]?.delta.content ?? '';
    });
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as StreamTruncatedError).missing).toBe('[DONE]');
    expect((error as StreamTruncatedError).eventsReceived).toBe(compatibleEvents.length - 1);
    expect(error.message).toContain('incomplete');
    expect(content.length).toBeGreaterThan(0);
    expect(server?.requests).toHaveLength(1);
  });

  it('throws StreamTruncatedError for a native stream whose last event has no finish_reason, also from a non-streaming call assembled from a stream', async () => {
    const withoutLast = `${nativeEvents.slice(0, -1).join('\n\n')}\n\n`;
    const client = await clientFor((_request, response) => {
      openStream(response);
      response.end(withoutLast);
    }, { maxRetries: 2 });
    const stream = await client.chat.create({ model: 'qwen-plus', messages, stream: true });
    const { error } = await failure(() => drain(stream));
    expect(error).toBeInstanceOf(StreamTruncatedError);
    expect((error as StreamTruncatedError).missing).toBe('finish_reason');
    expect((error as StreamTruncatedError).eventsReceived).toBe(nativeEvents.length - 1);
    const assembled = await failure(() => client.chat.create({ model: 'qwq-plus', messages }));
    expect(assembled.error).toBeInstanceOf(StreamTruncatedError);
    expect(server?.requests).toHaveLength(2);
  });

  it('accepts the complete recorded native stream', async () => {
    const client = await clientFor((_request, response) => {
      openStream(response);
      response.end(`${nativeEvents.join('\n\n')}\n\n`);
    });
    const completion = await (await client.chat.create({ model: 'qwen-plus', messages, stream: true })).finalCompletion();
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.choices[0]?.message.content).toBe('1+1等于2。');
  });
});

describe('bounded memory', () => {
  it('stops an endless SSE line at maxEventBytes (16 MiB by default) with RSS growth under 160 MiB', async () => {
    const client = await clientFor((_request, response) => {
      openStream(response);
      response.write('data: {"output":{"text":"');
      flood(response, 'x'.repeat(64 * 1024));
    });
    const { outcome, growth } = await peakRssGrowth(async () => drain(await client.chat.create({ model: 'qwen-plus', messages, stream: true })));
    expect(outcome).toBeInstanceOf(ResponseTooLargeError);
    expect((outcome as ResponseTooLargeError).part).toBe('event');
    expect((outcome as ResponseTooLargeError).limit).toBe(16 * MiB);
    expect(growth).toBeLessThan(160 * MiB);
  });

  it('stops an endless JSON body at maxResponseBytes (16 MiB by default) with RSS growth under 160 MiB, without retrying', async () => {
    const client = await clientFor((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"output":{"embeddings":[{"text_index":0,"embedding":[');
      flood(response, '0.123456789,'.repeat(4096));
    }, { maxRetries: 2 });
    const { outcome, growth } = await peakRssGrowth(() => client.embeddings.create({ model: 'text-embedding-v4', input: ['a'] }));
    expect(outcome).toBeInstanceOf(ResponseTooLargeError);
    expect((outcome as ResponseTooLargeError).part).toBe('body');
    expect((outcome as DashScopeError).isRetryable).toBe(false);
    expect(growth).toBeLessThan(160 * MiB);
    expect(server?.requests).toHaveLength(1);
  });

  it('refuses a body whose content-length is over the cap before reading it', async () => {
    const client = await clientFor((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': String(4096) });
      response.end('{"pad":"'.padEnd(4094, 'x') + '"}');
    }, { maxResponseBytes: 1024 });
    const { error } = await failure(() => client.embeddings.create({ model: 'text-embedding-v4', input: ['a'] }));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect(error.message).toContain('1024 bytes');
  });

  it('refuses a complete event over a smaller maxEventBytes even when it arrives in one chunk', async () => {
    const client = await clientFor((_request, response) => {
      openStream(response);
      response.end(`data: ${JSON.stringify({ pad: 'y'.repeat(8_000) })}\n\n`);
    }, { maxEventBytes: 4_096 });
    const { error } = await failure(async () => drain(await client.chat.create({ model: 'qwen-plus', messages, stream: true, protocol: 'compatible' })));
    expect(error).toBeInstanceOf(ResponseTooLargeError);
    expect((error as ResponseTooLargeError).part).toBe('event');
  });
});
