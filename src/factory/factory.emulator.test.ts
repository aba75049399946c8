import { embedMany, generateText, rerank } from 'ai';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { DashScope } from '../client.js';
import { APIUserAbortError, InputValidationError } from '../core/errors.js';
import { createEmulator } from '../emulator/create-emulator.js';
import type { EmulatorServer } from '../emulator/serve-emulator.js';
import { ChatDashScope, DashScopeEmbeddings, DashScopeRerank } from '../langchain/index.js';
import { createChatModel, createEmbedder, createReranker, DashScopeChatModel, DashScopeEmbedder, DashScopeReranker, fromProviderId } from './index.js';

const emulator = createEmulator({ seed: 11, logLimit: 10_000 });
let server: EmulatorServer;

beforeAll(async () => {
  server = await emulator.serve({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  emulator.reset();
  vi.stubEnv('DASHSCOPE_API_KEY', '');
  vi.stubEnv('ALICLOUD_API_KEY', '');
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const documents = Array.from({ length: 700 }, (_, n) => (n === 612 ? 'forklift battery charging takes eight hours' : `note ${n} about pallets in bay ${n % 7}`));

describe('the factory and provider ids against the emulator over loopback', () => {
  it('reranks 700 documents sorted by relevance with index, relevance_score and document, cut to top_n', async () => {
    const reranker = createReranker('dashscope', 'qwen3-rerank', { apiKey: 'sk-test-factory', baseURL: server.url, instruct: 'Retrieve passages that answer the question.' });
    const results = await reranker.rerank('how long does battery charging take', documents, { top_n: 4 });
    expect(results).toHaveLength(4);
    expect(results[0]).toMatchObject({ index: 612, document: documents[612] });
    for (let i = 1; i < results.length; i++) expect(results[i - 1]!.relevance_score).toBeGreaterThanOrEqual(results[i]!.relevance_score);
    const calls = emulator.requestLog().filter((entry) => entry.endpoint === 'rerank');
    expect(calls).toHaveLength(2);
    expect(calls.every((entry) => entry.items <= 500)).toBe(true);
  });

  it('stops a rerank when its signal aborts', async () => {
    const reranker = createReranker('aliyun', 'qwen3-rerank', { apiKey: 'sk-test-factory', baseURL: server.url });
    await expect(reranker.rerank('battery', documents, { signal: AbortSignal.abort() })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(emulator.requestLog()).toEqual([]);
  });

  it('reads the key from ALICLOUD_API_KEY when DASHSCOPE_API_KEY is unset, and refuses without either', async () => {
    vi.stubEnv('ALICLOUD_API_KEY', 'sk-test-alicloud');
    const embedder = createEmbedder('alicloud', 'text-embedding-v4', { baseURL: server.url, dimension: 64 });
    const vectors = await embedder.embed(['one', 'two']);
    expect(vectors.map((vector) => vector.length)).toEqual([64, 64]);
    vi.stubEnv('ALICLOUD_API_KEY', '');
    expect(() => createEmbedder('alicloud', 'text-embedding-v4', { baseURL: server.url })).toThrow(InputValidationError);
    expect(() => createReranker('openai', 'qwen3-rerank', { apiKey: 'sk-test-factory' })).toThrow(InputValidationError);
  });

  it('resolves provider ids to the model kind they name', () => {
    const config = { apiKey: 'sk-test-factory', baseURL: server.url };
    expect(fromProviderId('alibaba:embedding:text-embedding-v4', config)).toBeInstanceOf(DashScopeEmbedder);
    expect(fromProviderId('dashscope:reranker:qwen3-rerank', config)).toBeInstanceOf(DashScopeReranker);
    expect(fromProviderId('aliyun:vl:qwen-vl-max', config)).toBeInstanceOf(DashScopeChatModel);
    expect((fromProviderId('alicloud:qwen-plus', config) as DashScopeChatModel).model).toBe('qwen-plus');
  });

  it('hands the same configured reranker to LangChain and the AI SDK', async () => {
    const client = new DashScope({ apiKey: 'sk-test-factory', baseURL: server.url });
    const reranker = fromProviderId('dashscope:reranker:qwen3-rerank', { client });
    const compressor = await reranker.toLangChain({ topN: 1 });
    expect(compressor).toBeInstanceOf(DashScopeRerank);
    expect(compressor.client).toBe(client);
    const [best] = await compressor.compressDocuments(documents.slice(600, 620).map((pageContent) => ({ pageContent, metadata: {} })), 'battery charging');
    expect(best?.pageContent).toBe(documents[612]);
    const { ranking } = await rerank({ model: reranker.toAISDK(), query: 'battery charging', documents: documents.slice(600, 620), topN: 1 });
    expect(ranking[0]?.originalIndex).toBe(12);
  });

  it('hands the same configured embedder to LangChain and the AI SDK', async () => {
    const embedder = createEmbedder('alibaba', 'text-embedding-v4', { apiKey: 'sk-test-factory', baseURL: server.url, dimension: 64 });
    const langchain = await embedder.toLangChain();
    expect(langchain).toBeInstanceOf(DashScopeEmbeddings);
    const [fromLangChain] = await langchain.embedDocuments(['bay four']);
    const { embeddings } = await embedMany({ model: embedder.toAISDK(), values: ['bay four'] });
    const [direct] = await embedder.embed(['bay four']);
    expect(fromLangChain).toHaveLength(64);
    expect(embeddings[0]).toEqual(fromLangChain);
    expect(direct).toEqual(fromLangChain);
  });

  it('hands the same configured chat model to LangChain and the AI SDK, settings included', async () => {
    const bodies: Array<Record<string, any>> = [];
    const client = new DashScope({
      apiKey: 'sk-test-factory',
      baseURL: server.url,
      fetch: (input, init) => {
        if (typeof init?.body === 'string') bodies.push(JSON.parse(init.body) as Record<string, unknown>);
        return fetch(input, init);
      },
    });
    const model = createChatModel('dashscope', 'qwen-plus', { client, settings: { temperature: 0.2 } });
    const direct = await model.chat('Question: what is a bay?');
    expect(direct.choices[0]?.message.content.length).toBeGreaterThan(0);
    const langchain = await model.toLangChain();
    expect(langchain).toBeInstanceOf(ChatDashScope);
    await langchain.invoke('Question: what is a bay?');
    const { text } = await generateText({ model: model.toAISDK(), prompt: 'Question: what is a bay?' });
    expect(text.length).toBeGreaterThan(0);
    expect(bodies.map((body) => body['parameters'].temperature)).toEqual([0.2, 0.2, 0.2]);
  });
});
