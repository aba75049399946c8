import { DashScopeEmbeddingModel } from '../ai-sdk/dashscope-embedding-model.js';
import type { DashScope } from '../client.js';
import type { DashScopeEmbeddings } from '../langchain/dashscope-embeddings.js';
import { embedMany } from '../production/embed-many.js';
import type { EmbedParams } from '../production/resolve-embed-settings.js';
import { loadLangChain } from './load-langchain.js';

/** Defaults of a {@link DashScopeEmbedder}: `dimension`, v4 `instruct` (queries) and `embedMany`'s controls. */
export type EmbedderSettings = Pick<EmbedParams, 'dimension' | 'instruct' | 'concurrency' | 'maxBatchSize' | 'maxBatchTokens' | 'onTooLong' | 'limiter' | 'cache' | 'tokenCounting'>;

/**
 * An embedder made by `createEmbedder` or `fromProviderId`: `embed(texts)` / `embedQuery(text)` over
 * `embedMany` (batches by the model's row cap and token limits), and the same configured model handed to
 * LangChain (`toLangChain()`) or the AI SDK (`toAISDK()`).
 * Limits: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export class DashScopeEmbedder {
  readonly model: string;
  readonly client: DashScope;
  readonly settings: EmbedderSettings;

  /** @internal Made by the factory. */
  constructor(client: DashScope, model: string, settings: EmbedderSettings = {}) {
    this.client = client;
    this.model = model;
    this.settings = settings;
  }

  /**
   * One dense vector per text, in order (`text_type` default `document`).
   * @throws InputValidationError before any request (empty or over-long text, bad dimension);
   *   APIUserAbortError when `signal` aborts; a batch's error after retries.
   */
  async embed(texts: readonly string[], options: { text_type?: 'query' | 'document'; signal?: AbortSignal } = {}): Promise<number[][]> {
    const { instruct, ...settings } = this.settings;
    const textType = options.text_type ?? 'document';
    const result = await embedMany(this.client, {
      ...settings,
      ...(textType === 'query' && instruct ? { instruct } : {}),
      model: this.model,
      input: texts,
      text_type: textType,
      ...(options.signal ? { signal: options.signal } : {}),
    });
    const failure = result.failures[0];
    if (failure) throw failure.error ?? new Error(`Text ${failure.text_index} got no embedding: ${failure.message}`);
    return result.embeddings.map((embedding) => embedding?.embedding ?? []);
  }

  /** The vector of a search query (`text_type: 'query'`). @throws as {@link DashScopeEmbedder.embed}. */
  async embedQuery(text: string, options: { signal?: AbortSignal } = {}): Promise<number[]> {
    const [vector] = await this.embed([text], { ...options, text_type: 'query' });
    return vector ?? [];
  }

  /** This embedder as LangChain `Embeddings`. @throws Error naming `@langchain/core` when it is not installed. */
  async toLangChain(): Promise<DashScopeEmbeddings> {
    const { DashScopeEmbeddings } = await loadLangChain();
    return new DashScopeEmbeddings({ ...this.settings, client: this.client, model: this.model });
  }

  /** This embedder as an AI SDK embedding model for `embed` / `embedMany`. */
  toAISDK(): DashScopeEmbeddingModel {
    return new DashScopeEmbeddingModel(this.client, this.model, this.settings);
  }
}
