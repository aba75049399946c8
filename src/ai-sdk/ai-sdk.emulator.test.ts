import { embed, embedMany, generateText, jsonSchema, Output, rerank, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { InputValidationError, InternalServerError } from '../core/errors.js';
import { createEmulator } from '../emulator/create-emulator.js';
import type { EmulatorServer } from '../emulator/serve-emulator.js';
import { createDashScope, type DashScopeProvider } from './index.js';

const emulator = createEmulator({ seed: 5, logLimit: 10_000 });
let server: EmulatorServer;
let provider: DashScopeProvider;
const bodies: Record<string, unknown>[] = [];

beforeAll(async () => {
  server = await emulator.serve({ port: 0, host: '127.0.0.1' });
  const client = new DashScope({
    apiKey: 'sk-test-ai-sdk',
    baseURL: server.url,
    fetch: (input, init) => {
      if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body) as Record<string, unknown>);
      return fetch(input, init);
    },
  });
  provider = createDashScope({ client });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  emulator.configure({ faults: {} });
  emulator.reset();
  bodies.length = 0;
});

const weather = tool({
  description: 'Current weather of a city',
  inputSchema: jsonSchema<{ city: string }>({ type: 'object', properties: { city: { type: 'string' } }, required: ['city'] }),
  execute: async ({ city }) => ({ city, celsius: 21 }),
});

describe('the AI SDK provider against the emulator over loopback', () => {
  it('answers generateText with text, a finish reason and usage in tokens', async () => {
    const result = await generateText({ model: provider('qwen-plus'), instructions: 'Be brief.', prompt: 'Context: the depot opens at 9am.\nQuestion: when does the depot open?' });
    expect(result.text.length).toBeGreaterThan(0);
    expect(result.finishReason).toBe('stop');
    expect(result.usage.inputTokens).toBeGreaterThan(0);
    expect(result.usage.outputTokens).toBeGreaterThan(0);
    expect(result.response.id).toMatch(/.+/);
    expect(emulator.requestLog().map((entry) => [entry.endpoint, entry.model, entry.outcome])).toEqual([['chat', 'qwen-plus', 'accepted']]);
  });

  it('passes DashScope provider options and sampling settings through under their own names', async () => {
    await generateText({
      model: provider('qwen-plus'),
      prompt: 'Question: what is a depot?',
      topK: 20,
      temperature: 0.5,
      maxOutputTokens: 64,
      providerOptions: { dashscope: { enable_search: true, thinking_budget: 100, enable_thinking: false, vl_high_resolution_images: true } },
    });
    const parameters = (bodies[0] as { parameters: Record<string, unknown> }).parameters;
    expect(parameters).toMatchObject({ top_k: 20, temperature: 0.5, max_tokens: 64, enable_search: true, thinking_budget: 100, enable_thinking: false, vl_high_resolution_images: true });
  });

  it('streams reasoning apart from text for a thinking model, with reasoning tokens in the usage', async () => {
    const result = streamText({ model: provider('qwen3-32b'), prompt: 'Context: the pump runs at night.\nQuestion: when does the pump run?' });
    const kinds = new Set<string>();
    for await (const part of result.fullStream) kinds.add(part.type);
    expect(kinds).toContain('reasoning-delta');
    expect(kinds).toContain('text-delta');
    expect((await result.reasoningText)?.length).toBeGreaterThan(0);
    expect((await result.text).length).toBeGreaterThan(0);
    const usage = await result.usage;
    expect(usage.outputTokenDetails.reasoningTokens).toBeGreaterThan(0);
    expect(usage.outputTokens).toBeGreaterThan(usage.outputTokenDetails.reasoningTokens ?? 0);
  });

  it('streams a tool call, runs the tool and answers with its result on the next step', async () => {
    const result = streamText({ model: provider('qwen-plus'), tools: { weather }, stopWhen: stepCountIs(3), prompt: 'Question: what is the weather in Hangzhou?' });
    const kinds: string[] = [];
    for await (const part of result.fullStream) kinds.push(part.type);
    expect(kinds).toContain('tool-input-start');
    expect(kinds).toContain('tool-input-delta');
    expect(kinds).toContain('tool-call');
    expect(kinds).toContain('tool-result');
    const steps = await result.steps;
    expect(steps[0]?.toolCalls[0]).toMatchObject({ toolName: 'weather', input: { city: expect.any(String) } });
    expect(steps.length).toBe(2);
    const second = bodies[1] as { input: { messages: Array<{ role: string; tool_call_id?: string }> } };
    expect(second.input.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool']);
    expect(second.input.messages[2]?.tool_call_id).toBe(steps[0]?.toolCalls[0]?.toolCallId);
  });

  it('streams a tool call on the compatible protocol too', async () => {
    const result = streamText({ model: provider('qwen-plus'), tools: { weather }, prompt: 'Question: what is the weather in Hangzhou?', providerOptions: { dashscope: { protocol: 'compatible' } } });
    const kinds: string[] = [];
    for await (const part of result.fullStream) kinds.push(part.type);
    expect(kinds).toContain('finish');
    const calls = await result.toolCalls;
    expect(calls[0]).toMatchObject({ toolName: 'weather', input: { city: expect.any(String) } });
    expect(emulator.requestLog()[0]?.protocol).toBe('compatible');
    expect((await result.usage).inputTokens).toBeGreaterThan(0);
  });

  it('returns an object that follows a JSON schema, sent as response_format json_schema', async () => {
    const { output } = await generateText({
      model: provider('qwen-plus'),
      output: Output.object({ schema: jsonSchema<{ name: string; year: number }>({ type: 'object', properties: { name: { type: 'string' }, year: { type: 'integer' } }, required: ['name', 'year'], additionalProperties: false }) }),
      prompt: 'Give the name and year of the depot.',
    });
    expect(typeof output.name).toBe('string');
    expect(Number.isInteger(output.year)).toBe(true);
    expect((bodies[0] as { parameters: { response_format: { type: string } } }).parameters.response_format.type).toBe('json_schema');
  });

  it('reports cached input tokens when an explicit cache marker hits', async () => {
    const long = Array.from({ length: 700 }, (_, n) => `Rule ${n}: pallets go to bay ${n % 17}.`).join(' ');
    const call = () =>
      generateText({
        model: provider('qwen-plus'),
        instructions: { role: 'system', content: long, providerOptions: { dashscope: { cache_control: { type: 'ephemeral' } } } },
        prompt: 'Question: where do pallets go?',
      });
    const first = await call();
    const second = await call();
    expect(first.usage.inputTokenDetails.cacheWriteTokens).toBeGreaterThan(1_000);
    expect(second.usage.inputTokenDetails.cacheReadTokens).toBeGreaterThan(1_000);
    expect(second.usage.inputTokenDetails.noCacheTokens).toBe((second.usage.inputTokens ?? 0) - (second.usage.inputTokenDetails.cacheReadTokens ?? 0));
  });

  it('embeds 25 values on a 10-row model in three requests, in order, with dimension and text_type', async () => {
    const values = Array.from({ length: 25 }, (_, n) => `passage ${n} about warehouse ${n % 4}`);
    const { embeddings, usage } = await embedMany({ model: provider.embeddingModel('text-embedding-v4'), values, providerOptions: { dashscope: { dimension: 256, text_type: 'document' } } });
    expect(embeddings).toHaveLength(25);
    expect(embeddings.every((vector) => vector.length === 256)).toBe(true);
    expect(usage.tokens).toBeGreaterThan(0);
    const calls = emulator.requestLog().filter((entry) => entry.endpoint === 'embeddings');
    expect(calls.map((entry) => entry.items)).toEqual([10, 10, 5]);
    expect(bodies.every((body) => (body as { parameters: { dimension: number; text_type: string } }).parameters.dimension === 256)).toBe(true);
    const single = await embed({ model: provider.embeddingModel('text-embedding-v4', { dimension: 256 }), value: values[3]! });
    expect(single.embedding).toEqual(embeddings[3]);
  });

  it('sends a query text_type when asked and nothing at all for an empty value', async () => {
    await embed({ model: provider.embeddingModel('text-embedding-v4'), value: 'where is bay 3', providerOptions: { dashscope: { text_type: 'query' } } });
    expect((bodies[0] as { parameters: { text_type: string } }).parameters.text_type).toBe('query');
    emulator.reset();
    await expect(embedMany({ model: provider.embeddingModel('text-embedding-v4'), values: ['fine', '  '], maxRetries: 0 })).rejects.toBeInstanceOf(InputValidationError);
    expect(emulator.requestLog()).toEqual([]);
  });

  it('reranks 600 documents with rerank() across two requests under the 500 cap, with instruct and topN', async () => {
    const documents = Array.from({ length: 600 }, (_, n) => (n === 417 ? 'forklift battery charging schedule for the night shift' : `note ${n} about pallets and bays ${n % 9}`));
    const { ranking, rerankedDocuments } = await rerank({
      model: provider.rerankingModel('qwen3-rerank'),
      query: 'forklift battery charging',
      documents,
      topN: 5,
      providerOptions: { dashscope: { instruct: 'Given a warehouse question, retrieve passages that answer it.' } },
    });
    expect(ranking).toHaveLength(5);
    expect(ranking[0]?.originalIndex).toBe(417);
    expect(rerankedDocuments[0]).toBe(documents[417]);
    const calls = emulator.requestLog().filter((entry) => entry.endpoint === 'rerank');
    expect(calls.length).toBe(2);
    expect(calls.every((entry) => entry.items <= 500)).toBe(true);
    expect(bodies.every((body) => (body as { parameters: { instruct?: string } }).parameters.instruct?.startsWith('Given a warehouse'))).toBe(true);
  });

  it('retries a failed call in the client alone and hands the typed error to the caller once retries are spent', async () => {
    emulator.configure({ faults: { sequence: ['500'], loop: true, endpoints: ['chat'] } });
    const error = await generateText({ model: provider('qwen-plus'), prompt: 'Question: what is a bay?' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InternalServerError);
    expect(emulator.requestLog().filter((entry) => entry.endpoint === 'chat')).toHaveLength(3);
  });

  it('recovers from one server error through the client retry', async () => {
    emulator.configure({ faults: { sequence: ['500'], endpoints: ['chat'] } });
    const { text } = await generateText({ model: provider('qwen-plus'), prompt: 'Question: what is a bay?' });
    expect(text.length).toBeGreaterThan(0);
    expect(emulator.requestLog().map((entry) => entry.status)).toEqual([500, 200]);
  });

  it('sends nothing for a file DashScope chat cannot read', async () => {
    const call = generateText({
      model: provider('qwen-plus'),
      maxRetries: 0,
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Summarise' }, { type: 'file', data: new Uint8Array([37, 80, 68, 70]), mediaType: 'application/pdf' }] }],
    });
    await expect(call).rejects.toBeInstanceOf(InputValidationError);
    expect(emulator.requestLog()).toEqual([]);
  });

  it('sends an image given as bytes as a data URI', async () => {
    await generateText({
      model: provider('qwen-vl-plus'),
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Question: what is in the picture?' }, { type: 'file', data: new Uint8Array([137, 80, 78, 71]), mediaType: 'image/png' }] }],
    });
    const content = (bodies[0] as { input: { messages: Array<{ content: Array<Record<string, string>> }> } }).input.messages[0]!.content;
    expect(content).toContainEqual({ image: 'data:image/png;base64,iVBORw==' });
  });

  it('reranks image and text object documents on qwen3-vl-rerank in one request', async () => {
    const documents = [{ image: 'https://example.com/forklift.jpg' }, { text: 'forklift battery charging schedule' }, { text: 'canteen menu' }];
    const { ranking } = await rerank({ model: provider.rerankingModel('qwen3-vl-rerank'), query: 'forklift battery charging', documents, topN: 2 });
    expect(ranking).toHaveLength(2);
    expect(ranking[0]?.originalIndex).toBe(1);
    const calls = emulator.requestLog().filter((entry) => entry.endpoint === 'rerank');
    expect(calls.map((entry) => [entry.model, entry.items])).toEqual([['qwen3-vl-rerank', 3]]);
    expect((bodies[0] as { input: { documents: unknown[] } }).input.documents).toEqual(documents);
  });

  it('refuses an image model by name', () => {
    expect(() => provider.imageModel('wanx')).toThrow(InputValidationError);
  });
});
