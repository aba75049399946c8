import { describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { InputValidationError } from '../core/errors.js';

let calls = 0;
const client = new DashScope({
  apiKey: 'sk-test-validation',
  baseURL: 'http://127.0.0.1:9',
  fetch: async () => {
    calls++;
    throw new Error('no request may be sent');
  },
});

async function rejection(promise: Promise<unknown>): Promise<InputValidationError> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(InputValidationError);
  expect(calls).toBe(0);
  return error as InputValidationError;
}

describe('embedding input validation', () => {
  it('names the batch cap of the model', async () => {
    const error = await rejection(client.embeddings.create({ model: 'text-embedding-v4', input: Array.from({ length: 11 }, (_, index) => `t${index}`) }));
    expect(error.message).toMatch(/at most 10 texts/);
    const legacy = await rejection(client.embeddings.create({ model: 'text-embedding-v2', input: Array.from({ length: 26 }, () => 'x') }));
    expect(legacy.message).toMatch(/at most 25 texts/);
  });

  it('refuses empty and non-string texts with their index', async () => {
    expect((await rejection(client.embeddings.create({ model: 'text-embedding-v4', input: ['ok', '  '] }))).param).toBe('input[1]');
    expect((await rejection(client.embeddings.create({ model: 'text-embedding-v4', input: ['ok', 3 as never] }))).param).toBe('input[1]');
    expect((await rejection(client.embeddings.create({ model: 'text-embedding-v4', input: [] }))).param).toBe('input');
  });

  it('checks dimension against the model', async () => {
    expect((await rejection(client.embeddings.create({ model: 'text-embedding-v4', input: 'a', dimension: 1000 }))).message).toMatch(/2048, 1536, 1024/);
    expect((await rejection(client.embeddings.create({ model: 'text-embedding-v2', input: 'a', dimension: 512 }))).message).toMatch(/fixed dimension of 1536/);
  });

  it('refuses sparse output on the compatible protocol and instruct on v3', async () => {
    await rejection(client.embeddings.create({ model: 'text-embedding-v4', input: 'a', output_type: 'sparse', protocol: 'compatible' }));
    expect((await rejection(client.embeddings.create({ model: 'text-embedding-v3', input: 'a', instruct: 'x' }))).param).toBe('instruct');
  });
});

describe('rerank input validation', () => {
  it('refuses an empty query and empty documents', async () => {
    expect((await rejection(client.rerank.create({ model: 'qwen3-rerank', query: ' ', documents: ['a'] }))).param).toBe('query');
    expect((await rejection(client.rerank.create({ model: 'qwen3-rerank', query: 'q', documents: [] }))).param).toBe('documents');
    expect((await rejection(client.rerank.create({ model: 'qwen3-rerank', query: 'q', documents: ['a', ''] }))).param).toBe('documents[1]');
  });

  it('refuses objects for text models and unknown item types', async () => {
    expect((await rejection(client.rerank.create({ model: 'gte-rerank-v2', query: 'q', documents: [{ image: 'https://x/a.png' }] }))).param).toBe('documents[0]');
    expect((await rejection(client.rerank.create({ model: 'qwen3-vl-rerank', query: 'q', documents: [{ audio: 'x' } as never] }))).message).toMatch(/unknown type "audio"/);
  });

  it('checks top_n and the document caps, per type for qwen3-vl-rerank', async () => {
    expect((await rejection(client.rerank.create({ model: 'qwen3-rerank', query: 'q', documents: ['a'], top_n: 0 }))).param).toBe('top_n');
    expect((await rejection(client.rerank.create({ model: 'qwen3-rerank', query: 'q', documents: Array.from({ length: 501 }, () => 'd') }))).message).toMatch(/at most 500/);
    const images = Array.from({ length: 41 }, (_, index) => ({ image: `https://x/${index}.png` }));
    expect((await rejection(client.rerank.create({ model: 'qwen3-vl-rerank', query: 'q', documents: images }))).message).toMatch(/at most 40 image/);
  });

  it('refuses instruct on gte-rerank-v2', async () => {
    expect((await rejection(client.rerank.create({ model: 'gte-rerank-v2', query: 'q', documents: ['a'], instruct: 'x' }))).param).toBe('instruct');
  });
});

describe('chat input validation', () => {
  it('refuses empty messages and out-of-range parameters', async () => {
    expect((await rejection(client.chat.create({ model: 'qwen-plus', messages: [] }))).param).toBe('messages');
    expect((await rejection(client.chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }], temperature: 2 }))).param).toBe('temperature');
    expect((await rejection(client.chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'x' }], seed: -1 }))).param).toBe('seed');
  });
});
