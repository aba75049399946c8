import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import {
  APIConnectionError,
  AuthenticationError,
  InternalServerError,
  InvalidParameterError,
  RateLimitError,
} from '../core/errors.js';
import { createEmulator, lexicalEmbedding, type Emulator, type EmulatorServer, type FaultKind } from '../emulator/index.js';

const KEY = 'sk-test-contract';
let emulator: Emulator;
let server: EmulatorServer;

beforeAll(async () => {
  emulator = createEmulator({ seed: 42, apiKeys: [KEY] });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  emulator.configure({ faults: {}, rateLimits: {} });
  emulator.reset();
});

function client(options: ConstructorParameters<typeof DashScope>[0] = {}): DashScope {
  return new DashScope({ apiKey: KEY, baseURL: server.url, ...options });
}

const question = [
  { role: 'system' as const, content: 'npm install adds packages to node_modules. npm publish uploads a package to the registry.' },
  { role: 'user' as const, content: 'What does npm publish do?' },
];

describe('contract: chat', () => {
  for (const protocol of ['native', 'compatible'] as const) {
    it(`answers from the context on the ${protocol} protocol, plain and streamed alike`, async () => {
      const plain = await client({ protocol }).chat.create({ model: 'qwen-plus', messages: question, seed: 7 });
      const stream = await client({ protocol }).chat.create({ model: 'qwen-plus', messages: question, seed: 7, stream: true });
      let streamed = '';
      for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
      const final = await stream.finalCompletion();
      expect(plain.choices[0]?.message.content).toMatch(/publish/i);
      expect(streamed).toBe(plain.choices[0]?.message.content);
      expect(final.usage.input_tokens).toBeGreaterThan(0);
      expect(final.usage.total_tokens).toBe(final.usage.input_tokens + final.usage.output_tokens);
      expect(final.request_id).not.toBe('');
    });
  }

  it('streams reasoning apart from content when thinking is on', async () => {
    const stream = await client().chat.create({ model: 'qwen-plus', messages: question, enable_thinking: true, stream: true });
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message.reasoning_content).toBeTruthy();
    expect(final.choices[0]?.message.content).toMatch(/publish/i);
  });

  it('streams and assembles a non-streaming call to a model that only thinks when streaming', async () => {
    const completion = await client().chat.create({ model: 'qwen3-32b', messages: question, enable_thinking: true });
    expect(completion.choices[0]?.message.reasoning_content).toBeTruthy();
    expect(emulator.requestLog().at(-1)?.stream).toBe(true);
  });

  it('calls an offered tool the user names and merges streamed fragments', async () => {
    const tools = [{ type: 'function' as const, function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }];
    const messages = [{ role: 'user' as const, content: 'Use get_weather for Hangzhou please' }];
    const plain = await client().chat.create({ model: 'qwen-plus', messages, tools });
    const stream = await client().chat.create({ model: 'qwen-plus', messages, tools, stream: true });
    const streamed = await stream.finalCompletion();
    expect(plain.choices[0]?.message.tool_calls?.[0]?.function.name).toBe('get_weather');
    expect(streamed.choices[0]?.message.tool_calls).toEqual(plain.choices[0]?.message.tool_calls);
  });
});

describe('contract: embeddings', () => {
  for (const protocol of ['native', 'compatible'] as const) {
    it(`returns the emulator's deterministic vectors in input order on the ${protocol} protocol`, async () => {
      const texts = ['npm install', 'npm publish', 'package-lock.json'];
      const result = await client({ protocol }).embeddings.create({ model: 'text-embedding-v4', input: texts, dimension: 256 });
      expect(result.dimension).toBe(256);
      result.embeddings.forEach((item, index) => expect(item.embedding).toEqual(lexicalEmbedding(texts[index] ?? '', 256)));
      expect(result.usage.total_tokens).toBeGreaterThan(0);
    });
  }

  it('returns dense and sparse vectors together', async () => {
    const result = await client().embeddings.create({ model: 'text-embedding-v4', input: 'wind and sorrow', output_type: 'dense&sparse' });
    expect(result.embeddings[0]?.embedding).toHaveLength(1024);
    expect(result.embeddings[0]?.sparse_embedding?.length).toBeGreaterThan(0);
  });

  it('reports the server-side batch cap as InvalidParameterError when local validation is bypassed', async () => {
    const error = await client()
      .embeddings.create({ model: 'text-embedding-unknown-alias', input: Array.from({ length: 11 }, (_, index) => `t${index}`) })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidParameterError);
  });
});

describe('contract: rerank', () => {
  const documents = ['npm publish uploads a package to the registry', 'quantum computing', 'npm install adds dependencies'];
  it.each([
    ['qwen3-rerank', 'native'],
    ['qwen3-rerank', 'compatible'],
    ['gte-rerank-v2', 'native'],
  ] as const)('ranks text documents with %s on the %s protocol', async (model, protocol) => {
    const result = await client({ protocol }).rerank.create({ model, query: 'how to publish a package', documents, top_n: 2, return_documents: true });
    expect(result.results).toHaveLength(2);
    expect(result.results[0]?.index).toBe(0);
    expect(result.results[0]?.document?.text).toBe(documents[0]);
    expect(result.results[0]?.relevance_score).toBeGreaterThan(result.results[1]?.relevance_score ?? 1);
  });

  it('ranks images and videos by the words in their names with qwen3-vl-rerank', async () => {
    const result = await client().rerank.create({
      model: 'qwen3-vl-rerank',
      query: { text: 'a dog on the beach' },
      documents: [{ image: 'https://example.com/cat-sofa.png' }, { image: 'https://example.com/dog-beach.jpg' }, { video: 'https://example.com/city-night.mp4' }],
    });
    expect(result.results[0]?.index).toBe(1);
  });
});

describe('contract: errors and faults', () => {
  it('maps a wrong key to AuthenticationError on both protocols', async () => {
    for (const protocol of ['native', 'compatible'] as const) {
      const error = await new DashScope({ apiKey: 'sk-test-wrong', baseURL: server.url, protocol })
        .embeddings.create({ model: 'text-embedding-v4', input: 'x' })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(AuthenticationError);
      expect((error as AuthenticationError).requestId).toBeTruthy();
    }
  });

  it.each([
    ['429', 'Throttling.RateQuota'],
    ['429-allocation', 'Throttling.AllocationQuota'],
  ] as const)('surfaces fault %s as RateLimitError %s once retries are spent', async (kind, code) => {
    emulator.configure({ faults: { sequence: [kind], loop: true } });
    const error = await client({ maxRetries: 0 }).embeddings.create({ model: 'text-embedding-v4', input: 'x' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).code).toBe(code);
  });

  it('maps both throttling codes in compatible wording', async () => {
    for (const [kind, code] of [['429', 'limit_requests'], ['429-allocation', 'insufficient_quota']] as const) {
      emulator.configure({ faults: { sequence: [kind], loop: true } });
      const error = await client({ maxRetries: 0, protocol: 'compatible' }).embeddings.create({ model: 'text-embedding-v4', input: 'x' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RateLimitError);
      expect((error as RateLimitError).code).toBe(code);
    }
  });

  it('is throttled by a real RPM limit and recovers through retries', async () => {
    emulator.configure({ rateLimits: { 'text-embedding-v4': { rpm: 60 } }, retryAfter: true });
    const fast = client({ maxRetries: 3 });
    const results = await Promise.all([fast.embeddings.create({ model: 'text-embedding-v4', input: 'a' }), fast.embeddings.create({ model: 'text-embedding-v4', input: 'b' })]);
    expect(results).toHaveLength(2);
    expect(emulator.stats().totals.throttled).toBeGreaterThan(0);
    emulator.configure({ retryAfter: false });
  });

  const recoverable: FaultKind[] = ['429', '429-allocation', '500', '502', '503', '504', 'reset-before-headers', 'empty-response', 'reset-mid-body', 'stall', 'stall-mid-body', 'garbage-body', 'truncated-json', 'error-event-mid-stream'];
  it.each(recoverable)('retries a non-streaming call through fault %s and returns the right vector', async (kind) => {
    emulator.configure({ faults: { sequence: [kind], stallMs: 5_000 } });
    const result = await client({ timeout: 300, maxRetries: 1 }).embeddings.create({ model: 'text-embedding-v4', input: 'fault tolerant', dimension: 64 }, { headers: {} });
    expect(result.embeddings[0]?.embedding).toEqual(lexicalEmbedding('fault tolerant', 64));
    expect(emulator.stats().totals.requests).toBe(2);
  }, 20_000);

  it('delivers the events before an error event mid-stream, then throws the typed error without retrying', async () => {
    emulator.configure({ faults: { sequence: ['error-event-mid-stream'] } });
    const stream = await client({ maxRetries: 2 }).chat.create({ model: 'qwen-plus', messages: question, stream: true });
    let text = '';
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    })().catch((caught: unknown) => caught);
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(emulator.stats().totals.requests).toBe(1);
  });

  it.each(['garbage-body', 'reset-before-headers', '503'] as const)('retries a stream whose first event never came (%s)', async (kind) => {
    emulator.configure({ faults: { sequence: [kind] } });
    const stream = await client({ maxRetries: 1 }).chat.create({ model: 'qwen-plus', messages: question, stream: true });
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message.content).toMatch(/publish/i);
    expect(emulator.stats().totals.requests).toBe(2);
  });

  it('ends a stream reset mid-body with APIConnectionError', async () => {
    emulator.configure({ faults: { sequence: ['reset-mid-body'] } });
    const stream = await client().chat.create({ model: 'qwen-plus', messages: question, stream: true });
    await expect(stream.finalCompletion()).rejects.toBeInstanceOf(APIConnectionError);
  });
});
