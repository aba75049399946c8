import { DashScopeRerankingModel } from '../ai-sdk/dashscope-reranking-model.js';
import type { DashScope } from '../client.js';
import type { DashScopeRerank } from '../langchain/dashscope-rerank.js';
import { rerankMany, type RerankManyParams } from '../production/rerank-many.js';
import { loadLangChain } from './load-langchain.js';

/** Defaults of a {@link DashScopeReranker}: DashScope's `instruct` and `rerankMany`'s controls. */
export type RerankerSettings = Pick<RerankManyParams, 'instruct' | 'concurrency' | 'maxDocumentsPerRequest' | 'maxTokensPerRequest' | 'tokenCounting' | 'limiter'>;

/** One ranked document of {@link DashScopeReranker.rerank}. */
export interface RankedDocument {
  /** Position in the caller's `documents`. */
  index: number;
  /** In [0, 1], higher is more relevant. */
  relevance_score: number;
  /** The document text. */
  document: string;
}

/**
 * A reranker made by `createReranker` or `fromProviderId`: `rerank(query, documents, { top_n, signal })`
 * over `rerankMany` (any number of documents), and the same configured model handed to LangChain
 * (`toLangChain()`, a document compressor) or the AI SDK (`toAISDK()`, a reranking model).
 * Limits: https://www.alibabacloud.com/help/en/model-studio/text-rerank-api
 */
export class DashScopeReranker {
  readonly model: string;
  readonly client: DashScope;
  readonly settings: RerankerSettings;

  /** @internal Made by the factory. */
  constructor(client: DashScope, model: string, settings: RerankerSettings = {}) {
    this.client = client;
    this.model = model;
    this.settings = settings;
  }

  /**
   * Ranks `documents` by relevance to `query`, best first (ties: lower index first), cut to `top_n`.
   * @throws InputValidationError before any request (empty query or document, bad `top_n`);
   *   APIUserAbortError when `signal` aborts; the API error of a sub-request that failed after retries.
   */
  async rerank(query: string, documents: readonly string[], options: { top_n?: number; signal?: AbortSignal; instruct?: string } = {}): Promise<RankedDocument[]> {
    const { results } = await rerankMany(this.client, {
      ...this.settings,
      ...(options.instruct !== undefined ? { instruct: options.instruct } : {}),
      model: this.model,
      query,
      documents,
      ...(options.top_n !== undefined ? { top_n: options.top_n } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
    });
    return results.map((result) => ({ index: result.index, relevance_score: result.relevance_score, document: documents[result.index]! }));
  }

  /**
   * This reranker as a LangChain document compressor (same client, model and settings), keeping `topN`.
   * @throws Error naming `@langchain/core` when it is not installed.
   */
  async toLangChain(options: { topN?: number } = {}): Promise<DashScopeRerank> {
    const { DashScopeRerank } = await loadLangChain();
    return new DashScopeRerank({ ...this.settings, ...options, client: this.client, model: this.model });
  }

  /** This reranker as an AI SDK reranking model for `rerank()` (same client, model and settings). */
  toAISDK(): DashScopeRerankingModel {
    return new DashScopeRerankingModel(this.client, this.model, this.settings);
  }
}
