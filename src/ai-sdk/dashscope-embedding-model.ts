import type { EmbeddingModelV4, EmbeddingModelV4CallOptions, EmbeddingModelV4Result } from '@ai-sdk/provider';
import type { DashScope } from '../client.js';
import { embedMany, type EmbedManyResult } from '../production/embed-many.js';
import type { EmbedParams } from '../production/resolve-embed-settings.js';

/**
 * Embedding settings under `providerOptions.dashscope` of `embed` / `embedMany`, and defaults of a model
 * (`dashscope.embeddingModel(id, settings)`): DashScope's fields plus `embedMany`'s bulk controls.
 * https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export type DashScopeEmbeddingOptions = Pick<
  EmbedParams,
  'dimension' | 'text_type' | 'instruct' | 'concurrency' | 'maxBatchSize' | 'maxBatchTokens' | 'onTooLong' | 'limiter' | 'cache' | 'tokenCounting'
>;

/**
 * An AI SDK embedding model (provider spec v4) over the production `embedMany`: `maxEmbeddingsPerCall` is
 * unbounded, so the AI SDK hands over every value at once and `embedMany` splits them by the model's row
 * cap (10 for text-embedding-v3/v4, 25 for v1/v2) and per-text token limit (8,192), with bounded
 * concurrency and shared retries. `dimensions` maps to DashScope's `dimension`.
 */
export class DashScopeEmbeddingModel implements EmbeddingModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'dashscope.embedding';
  readonly modelId: string;
  readonly maxEmbeddingsPerCall = undefined;
  readonly supportsParallelCalls = true;
  readonly #client: DashScope;
  readonly #defaults: DashScopeEmbeddingOptions;

  /** @param defaults settings applied to every call, overridden per call by `providerOptions.dashscope`. */
  constructor(client: DashScope, modelId: string, defaults: DashScopeEmbeddingOptions = {}) {
    this.#client = client;
    this.modelId = modelId;
    this.#defaults = defaults;
  }

  /**
   * Embeds `values` in order. @throws InputValidationError before any request (empty text, bad dimension,
   * text over the token limit); the error of a batch that still failed after retries; APIUserAbortError on abort.
   */
  async doEmbed(options: EmbeddingModelV4CallOptions): Promise<EmbeddingModelV4Result> {
    const perCall = (options.providerOptions?.['dashscope'] ?? {}) as DashScopeEmbeddingOptions;
    const result = await embedMany(this.#client, {
      ...this.#defaults,
      ...(options.dimensions !== undefined ? { dimension: options.dimensions } : {}),
      ...perCall,
      model: this.modelId,
      input: options.values,
      ...(options.abortSignal ? { signal: options.abortSignal } : {}),
    });
    return { embeddings: denseVectors(result), usage: { tokens: result.usage.total_tokens }, warnings: [] };
  }
}

function denseVectors(result: EmbedManyResult): number[][] {
  const failure = result.failures[0];
  if (failure) throw failure.error ?? new Error(`Text ${failure.text_index} got no embedding: ${failure.message}`);
  return result.embeddings.map((embedding) => embedding?.embedding ?? []);
}
