import { DashScopeChatModel, type ChatSettings } from './dashscope-chat-model.js';
import { DashScopeEmbedder, type EmbedderSettings } from './dashscope-embedder.js';
import { DashScopeReranker, type RerankerSettings } from './dashscope-reranker.js';
import { faceClient, type FaceConfig } from './face-config.js';
import { assertProvider, parseProviderId } from './parse-provider-id.js';

/**
 * A reranker for `provider` (`dashscope`, `alibaba`, `alicloud` or `aliyun`) and `model`, e.g.
 * `createReranker('dashscope', 'qwen3-rerank', { instruct })`. Key: `config.apiKey`, else
 * `DASHSCOPE_API_KEY`, else `ALICLOUD_API_KEY`.
 * @throws InputValidationError for another provider, no API key, or an invalid client option.
 */
export function createReranker(provider: string, model: string, config: FaceConfig & RerankerSettings = {}): DashScopeReranker {
  assertProvider(provider);
  const { instruct, concurrency, maxDocumentsPerRequest, maxTokensPerRequest, tokenCounting, limiter, ...client } = config;
  return new DashScopeReranker(faceClient(client), model, defined<RerankerSettings>({ instruct, concurrency, maxDocumentsPerRequest, maxTokensPerRequest, tokenCounting, limiter }));
}

/**
 * An embedder for `provider` and `model`, e.g. `createEmbedder('alibaba', 'text-embedding-v4', { dimension: 512 })`.
 * @throws InputValidationError for another provider, no API key, or an invalid client option.
 */
export function createEmbedder(provider: string, model: string, config: FaceConfig & EmbedderSettings = {}): DashScopeEmbedder {
  assertProvider(provider);
  const { dimension, instruct, concurrency, maxBatchSize, maxBatchTokens, onTooLong, limiter, cache, tokenCounting, ...client } = config;
  return new DashScopeEmbedder(faceClient(client), model, defined<EmbedderSettings>({ dimension, instruct, concurrency, maxBatchSize, maxBatchTokens, onTooLong, limiter, cache, tokenCounting }));
}

/**
 * A chat model for `provider` and `model`, e.g. `createChatModel('aliyun', 'qwen-plus', { settings: { temperature: 0.2 } })`.
 * `settings` are DashScope chat parameters sent with every call.
 * @throws InputValidationError for another provider, no API key, or an invalid client option.
 */
export function createChatModel(provider: string, model: string, config: FaceConfig & { settings?: ChatSettings } = {}): DashScopeChatModel {
  assertProvider(provider);
  const { settings, ...client } = config;
  return new DashScopeChatModel(faceClient(client), model, settings);
}

/** What {@link fromProviderId} returns for each id type. */
export type ProviderIdModel = DashScopeChatModel | DashScopeEmbedder | DashScopeReranker;

/**
 * The model a promptfoo-style provider id names: `alibaba:embedding:text-embedding-v4` → an embedder,
 * `dashscope:reranker:qwen3-rerank` → a reranker, `aliyun:chat:qwen-plus`, `alicloud:vl:qwen-vl-max`,
 * `dashscope:completion:qwen-turbo` or `alibaba:qwen-max` → a chat model (see `parseProviderId`).
 * @throws InputValidationError for an unknown provider or type, an empty model, or no API key.
 */
export function fromProviderId(id: `${string}:${'embedding' | 'embeddings'}:${string}`, config?: FaceConfig): DashScopeEmbedder;
export function fromProviderId(id: `${string}:${'reranker' | 'rerank'}:${string}`, config?: FaceConfig): DashScopeReranker;
export function fromProviderId(id: `${string}:${'chat' | 'completion' | 'vl'}:${string}`, config?: FaceConfig): DashScopeChatModel;
export function fromProviderId(id: string, config?: FaceConfig): ProviderIdModel;
export function fromProviderId(id: string, config: FaceConfig = {}): ProviderIdModel {
  const { kind, model } = parseProviderId(id);
  const client = faceClient(config);
  if (kind === 'embedding') return new DashScopeEmbedder(client, model);
  if (kind === 'reranker') return new DashScopeReranker(client, model);
  return new DashScopeChatModel(client, model);
}

function defined<T extends object>(value: { [K in keyof T]?: T[K] | undefined }): T {
  return Object.fromEntries(Object.entries(value).filter((entry) => entry[1] !== undefined)) as T;
}
