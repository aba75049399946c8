import { ContextualCompressionRetriever } from '@langchain/classic/retrievers/contextual_compression';
import { MemoryVectorStore } from '@langchain/classic/vectorstores/memory';
import { AIMessageChunk, HumanMessage, SystemMessage, type UsageMetadata } from '@langchain/core/messages';
import { tool } from '@langchain/core/tools';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DashScope } from '../client.js';
import { InputValidationError } from '../core/errors.js';
import { createEmulator } from '../emulator/create-emulator.js';
import type { EmulatorServer } from '../emulator/serve-emulator.js';
import { ChatDashScope, DashScopeEmbeddings, DashScopeRerank } from './index.js';

const emulator = createEmulator({ seed: 7, logLimit: 10_000 });
let server: EmulatorServer;
let client: DashScope;
const bodies: Array<Record<string, any>> = [];

beforeAll(async () => {
  server = await emulator.serve({ port: 0, host: '127.0.0.1' });
  client = new DashScope({
    apiKey: 'sk-test-langchain',
    baseURL: server.url,
    fetch: (input, init) => {
      if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body) as Record<string, unknown>);
      return fetch(input, init);
    },
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  emulator.reset();
  bodies.length = 0;
});

const usageOf = (message: unknown) => (message as { usage_metadata?: UsageMetadata } | undefined)?.usage_metadata;

const weather = tool(async ({ city }) => `${city}: 21 °C`, { name: 'weather', description: 'Current weather of a city', schema: z.object({ city: z.string() }) });

describe('the LangChain classes against the emulator over loopback', () => {
  it('invokes a chat model and reports usage in usage_metadata', async () => {
    const model = new ChatDashScope({ model: 'qwen-plus', client, temperature: 0.3, topK: 10 });
    const reply = await model.invoke([new SystemMessage('Be brief.'), new HumanMessage('Context: the depot opens at 9am.\nQuestion: when does the depot open?')]);
    expect(typeof reply.content).toBe('string');
    expect((reply.content as string).length).toBeGreaterThan(0);
    expect(usageOf(reply)?.input_tokens).toBeGreaterThan(0);
    expect(bodies[0]?.['parameters']).toMatchObject({ temperature: 0.3, top_k: 10 });
    expect(bodies[0]?.['input'].messages.map((message: { role: string }) => message.role)).toEqual(['system', 'user']);
  });

  it('streams a thinking model with reasoning kept apart from content, and usage counted once', async () => {
    const model = new ChatDashScope({ model: 'qwen3-32b', client });
    let merged: AIMessageChunk | undefined;
    let chunks = 0;
    for await (const chunk of await model.stream('Context: the pump runs at night.\nQuestion: when does the pump run?')) {
      merged = merged ? merged.concat(chunk) : chunk;
      chunks++;
    }
    expect(chunks).toBeGreaterThan(2);
    const reasoning = merged?.additional_kwargs['reasoning_content'];
    expect(typeof reasoning).toBe('string');
    expect((reasoning as string).length).toBeGreaterThan(0);
    expect(merged?.content).not.toContain(reasoning as string);
    const [entry] = emulator.requestLog();
    expect(usageOf(merged)?.output_tokens).toBe(entry?.outputTokens);
    expect(usageOf(merged)?.output_token_details?.reasoning).toBeGreaterThan(0);
  });

  it('runs a batch of prompts as separate requests', async () => {
    const model = new ChatDashScope({ model: 'qwen-plus', client });
    const replies = await model.batch(['Question: what is a depot?', 'Question: what is a bay?', 'Question: what is a pallet?']);
    expect(replies).toHaveLength(3);
    expect(emulator.requestLog().filter((entry) => entry.endpoint === 'chat')).toHaveLength(3);
  });

  it('binds tools and returns the tool call with parsed args', async () => {
    const model = new ChatDashScope({ model: 'qwen-plus', client }).bindTools([weather]);
    const reply = await model.invoke('Question: what is the weather in Hangzhou?');
    expect(reply.tool_calls?.[0]).toMatchObject({ name: 'weather', args: { city: expect.any(String) } });
    expect(bodies[0]?.['parameters'].tools[0].function.name).toBe('weather');
  });

  it('streams tool-call chunks that merge into one tool call', async () => {
    const model = new ChatDashScope({ model: 'qwen-plus', client }).bindTools([weather]);
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await model.stream('Question: what is the weather in Hangzhou?')) merged = merged ? merged.concat(chunk) : chunk;
    expect(merged?.tool_calls?.[0]).toMatchObject({ name: 'weather', args: { city: expect.any(String) } });
  });

  it('returns structured output through a json_schema response format, or through a forced tool call', async () => {
    const schema = z.object({ name: z.string(), year: z.number().int() });
    const model = new ChatDashScope({ model: 'qwen-plus', client });
    const parsed = await model.withStructuredOutput(schema, { name: 'depot' }).invoke('Give the name and year of the depot.');
    expect(schema.parse(parsed)).toEqual(parsed);
    expect(bodies[0]?.['parameters'].response_format.type).toBe('json_schema');
    const called = await model.withStructuredOutput(schema, { name: 'depot', method: 'functionCalling', includeRaw: true }).invoke('Give the name and year of the depot.');
    expect(schema.parse(called.parsed)).toEqual(called.parsed);
    expect(bodies[1]?.['parameters'].tool_choice).toEqual({ type: 'function', function: { name: 'depot' } });
  });

  it('embeds 30 documents in requests of at most 10, with dimension, and a query as text_type query', async () => {
    const embeddings = new DashScopeEmbeddings({ model: 'text-embedding-v4', dimension: 128, client });
    const texts = Array.from({ length: 30 }, (_, n) => `passage ${n} about bay ${n % 5}`);
    const vectors = await embeddings.embedDocuments(texts);
    expect(vectors).toHaveLength(30);
    expect(vectors.every((vector) => vector.length === 128)).toBe(true);
    expect(emulator.requestLog().map((entry) => entry.items)).toEqual([10, 10, 10]);
    expect(bodies.every((body) => body['parameters'].text_type === 'document' && body['parameters'].dimension === 128)).toBe(true);
    bodies.length = 0;
    const query = await embeddings.embedQuery('where is bay 3');
    expect(query).toHaveLength(128);
    expect(bodies[0]?.['parameters'].text_type).toBe('query');
  });

  it('uses the legacy model cap of 25 rows', async () => {
    const embeddings = new DashScopeEmbeddings({ model: 'text-embedding-v2', client });
    await embeddings.embedDocuments(Array.from({ length: 30 }, (_, n) => `row ${n}`));
    expect(emulator.requestLog().map((entry) => entry.items)).toEqual([25, 5]);
  });

  it('sends nothing for an empty document', async () => {
    const embeddings = new DashScopeEmbeddings({ client });
    await expect(embeddings.embedDocuments(['fine', ''])).rejects.toBeInstanceOf(InputValidationError);
    expect(emulator.requestLog()).toEqual([]);
  });

  it('reranks inside a ContextualCompressionRetriever over a MemoryVectorStore, with instruct and top_n', async () => {
    const texts = [
      'Forklift batteries are charged overnight in bay 4.',
      'Pallets are stacked at most three high.',
      'The canteen opens at noon.',
      'Charging a forklift battery takes eight hours.',
      'Visitors sign in at the front desk.',
    ];
    const store = await MemoryVectorStore.fromTexts(texts, texts.map((_, index) => ({ index })), new DashScopeEmbeddings({ client, dimension: 64 }));
    const retriever = new ContextualCompressionRetriever({
      baseCompressor: new DashScopeRerank({ client, topN: 2, instruct: 'Given a warehouse question, retrieve passages that answer it.' }),
      baseRetriever: store.asRetriever(5),
    });
    const found = await retriever.invoke('how long does forklift battery charging take');
    expect(found).toHaveLength(2);
    expect(found.map((document) => document.metadata['index'])).toContain(3);
    expect(found[0]!.metadata['relevance_score']).toBeGreaterThanOrEqual(found[1]!.metadata['relevance_score']);
    const rerankBody = bodies.find((body) => body['model'] === 'qwen3-rerank');
    expect(rerankBody?.['parameters']).toMatchObject({ top_n: 2, instruct: 'Given a warehouse question, retrieve passages that answer it.' });
  });
});
