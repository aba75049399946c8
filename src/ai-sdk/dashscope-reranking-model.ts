import type { JSONObject, RerankingModelV4, RerankingModelV4CallOptions, RerankingModelV4Result } from '@ai-sdk/provider';
import type { DashScope } from '../client.js';
import { getRerankModel } from '../models/catalog.js';
import { rerankMany, type RerankManyParams } from '../production/rerank-many.js';
import type { RerankMultimodalItem } from '../resources/rerank/rerank-types.js';

/**
 * Rerank settings under `providerOptions.dashscope` of `rerank()`, and defaults of a model
 * (`dashscope.rerankingModel(id, settings)`). https://www.alibabacloud.com/help/en/model-studio/text-rerank-api
 */
export type DashScopeRerankingOptions = Pick<RerankManyParams, 'instruct' | 'concurrency' | 'maxDocumentsPerRequest' | 'maxTokensPerRequest' | 'tokenCounting' | 'limiter'>;

/**
 * An AI SDK reranking model (provider spec v4). Text documents, any number of them, go through the
 * production `rerankMany` (split past the model's 500-document cap or 120,000-token request budget, one
 * merged ranking). Object documents: `{text}` / `{image}` / `{video}` items go to qwen3-vl-rerank in one
 * request (its caps apply); any other object is sent as its JSON text.
 */
export class DashScopeRerankingModel implements RerankingModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'dashscope.rerank';
  readonly modelId: string;
  readonly #client: DashScope;
  readonly #defaults: DashScopeRerankingOptions;

  /** @param defaults settings applied to every call, overridden per call by `providerOptions.dashscope`. */
  constructor(client: DashScope, modelId: string, defaults: DashScopeRerankingOptions = {}) {
    this.#client = client;
    this.modelId = modelId;
    this.#defaults = defaults;
  }

  /** Ranks the documents, best first. @throws InputValidationError before any request; the client's API errors. */
  async doRerank(options: RerankingModelV4CallOptions): Promise<RerankingModelV4Result> {
    const settings = { ...this.#defaults, ...((options.providerOptions?.['dashscope'] ?? {}) as DashScopeRerankingOptions) };
    const signal = options.abortSignal;
    const topN = options.topN !== undefined ? { top_n: options.topN } : {};
    const multimodal = getRerankModel(this.modelId)?.maxDocumentsByType !== undefined;
    if (multimodal && options.documents.type === 'object' && options.documents.values.every(isMultimodalItem)) {
      const result = await this.#client.rerank.create(
        { model: this.modelId, query: options.query, documents: options.documents.values, ...topN, ...(settings.instruct ? { instruct: settings.instruct } : {}) },
        signal ? { signal } : {},
      );
      return { ranking: result.results.map(toRanking), response: { id: result.request_id, modelId: result.model } };
    }
    const documents = options.documents.type === 'text' ? options.documents.values : options.documents.values.map((value) => JSON.stringify(value));
    const result = await rerankMany(this.#client, { ...settings, model: this.modelId, query: options.query, documents, ...topN, ...(signal ? { signal } : {}) });
    return { ranking: result.results.map(toRanking), response: { modelId: this.modelId, ...(result.request_ids[0] ? { id: result.request_ids[0] } : {}) } };
  }
}

function toRanking(item: { index: number; relevance_score: number }): { index: number; relevanceScore: number } {
  return { index: item.index, relevanceScore: item.relevance_score };
}

function isMultimodalItem(value: JSONObject): value is JSONObject & RerankMultimodalItem {
  const keys = Object.keys(value);
  return keys.length === 1 && ['text', 'image', 'video'].includes(keys[0] ?? '') && typeof Object.values(value)[0] === 'string';
}
