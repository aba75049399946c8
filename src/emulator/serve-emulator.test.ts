import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { createEmulator } from './create-emulator.js';
import { lexicalEmbedding } from './lexical-embedding.js';
import type { EmulatorServer } from './serve-emulator.js';

const KEY = 'sk-test-serve';

describe('serve', () => {
  const emulator = createEmulator({ seed: 11 });
  let server: EmulatorServer;

  beforeAll(async () => {
    server = await emulator.serve({ port: 0 });
  });
  afterAll(async () => {
    await server.close();
  });

  it('binds 127.0.0.1 and reports the port it got', () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(server.port).toBeGreaterThan(0);
    expect(server.url.endsWith(`:${server.port}`)).toBe(true);
  });

  it('refuses a non-loopback address unless allowed', async () => {
    await expect(emulator.serve({ host: '0.0.0.0' })).rejects.toThrow(/allowNonLoopback/);
  });

  it('lets the unmodified openai package complete a chat', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/compatible-mode/v1`, maxRetries: 0 });
    const completion = await client.chat.completions.create({
      model: 'qwen-plus',
      messages: [
        { role: 'system', content: '[1] The emulator listens on loopback by default.' },
        { role: 'user', content: 'Where does the emulator listen by default?' },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe('The emulator listens on loopback by default. [1]');
    expect(completion.usage?.total_tokens).toBe((completion.usage?.prompt_tokens ?? 0) + (completion.usage?.completion_tokens ?? 0));
  });

  it('lets the unmodified openai package stream a chat with a final usage chunk', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/compatible-mode/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({
      model: 'qwen-plus',
      messages: [
        { role: 'system', content: '[1] The emulator listens on loopback by default.' },
        { role: 'user', content: 'Where does the emulator listen by default?' },
      ],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let usage: OpenAI.CompletionUsage | null | undefined;
    let finish: string | null | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe('The emulator listens on loopback by default. [1]');
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });

  it('lets the unmodified openai package embed, with its default base64 and with float', async () => {
    const client = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/compatible-mode/v1`, maxRetries: 0 });
    const defaults = await client.embeddings.create({ model: 'text-embedding-v4', input: ['hello world', 'second text'], dimensions: 256 });
    const floats = await client.embeddings.create({ model: 'text-embedding-v4', input: 'hello world', dimensions: 256, encoding_format: 'float' });
    expect(defaults.data.map((entry) => entry.index)).toEqual([0, 1]);
    expect(defaults.data[0]?.embedding).toEqual(lexicalEmbedding('hello world', 256));
    expect(floats.data[0]?.embedding).toEqual(lexicalEmbedding('hello world', 256));
    expect(defaults.usage.prompt_tokens).toBeGreaterThan(0);
  });

  it('serves the SDK client natively over HTTP: chat, embeddings and rerank', async () => {
    const client = new DashScope({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
    const reply = await client.chat.create({
      model: 'qwen-plus',
      messages: [
        { role: 'system', content: '[7] Rerank scores stay between zero and one.' },
        { role: 'user', content: 'What range do rerank scores stay in?' },
      ],
    });
    expect(reply.choices[0]?.message.content).toBe('Rerank scores stay between zero and one. [7]');
    const vectors = await client.embeddings.create({ model: 'text-embedding-v4', input: ['alpha beta'], dimension: 64 });
    expect(vectors.embeddings[0]?.embedding).toEqual(lexicalEmbedding('alpha beta', 64));
    const ranked = await client.rerank.create({ model: 'qwen3-rerank', query: 'alpha', documents: ['beta', 'alpha beta'] });
    expect(ranked.results.map((result) => result.index)).toEqual([1, 0]);
  });

  it('reports counters and the seed at the admin path, and resets them', async () => {
    const stats = (await (await fetch(`${server.url}/__emulator/stats`)).json()) as { seed: number; totals: { accepted: number } };
    expect(stats.seed).toBe(11);
    expect(stats.totals.accepted).toBeGreaterThan(0);
    const log = (await (await fetch(`${server.url}/__emulator/log`)).json()) as { requestId: string }[];
    expect(log.length).toBe(stats.totals.accepted);
    const reset = (await (await fetch(`${server.url}/__emulator/reset`, { method: 'POST' })).json()) as { totals: { requests: number } };
    expect(reset.totals.requests).toBe(0);
  });
});
