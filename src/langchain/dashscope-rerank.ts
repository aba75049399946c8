import type { Callbacks } from '@langchain/core/callbacks/manager';
import type { DocumentInterface } from '@langchain/core/documents';
import { BaseDocumentCompressor } from '@langchain/core/retrievers/document_compressors';
import { DashScope, type ClientOptions } from '../client.js';
import { rerankMany, type RerankManyParams } from '../production/rerank-many.js';

/** Fields of {@link DashScopeRerank}. https://www.alibabacloud.com/help/en/model-studio/text-rerank-api */
export interface DashScopeRerankFields extends Pick<RerankManyParams, 'instruct' | 'concurrency' | 'maxDocumentsPerRequest' | 'maxTokensPerRequest' | 'tokenCounting' | 'limiter'> {
  /** Rerank model id. Default `qwen3-rerank`. */
  model?: string | undefined;
  /** Documents kept, best first (≥ 1). Default 3. */
  topN?: number | undefined;
  /** A configured client to share; otherwise one is created from `clientOptions` (env `DASHSCOPE_API_KEY`). */
  client?: DashScope | undefined;
  clientOptions?: ClientOptions | undefined;
}

/**
 * A LangChain document compressor that reranks with DashScope through `rerankMany` (any number of
 * documents: split past the model's 500-document cap or token budget and merged). Keeps the `topN` best,
 * best first, each with `metadata.relevance_score`. Use it as the `baseCompressor` of a
 * `ContextualCompressionRetriever`.
 *
 * @example
 * const compressor = new DashScopeRerank({ model: 'qwen3-rerank', topN: 5, instruct: 'Retrieve passages that answer the question.' });
 */
export class DashScopeRerank extends BaseDocumentCompressor {
  readonly model: string;
  readonly topN: number;
  readonly client: DashScope;
  readonly #fields: DashScopeRerankFields;

  /** @throws InputValidationError when no client is given and no API key is found. */
  constructor(fields: DashScopeRerankFields = {}) {
    super();
    this.model = fields.model ?? 'qwen3-rerank';
    this.topN = fields.topN ?? 3;
    this.client = fields.client ?? new DashScope(fields.clientOptions);
    this.#fields = fields;
  }

  /**
   * The `topN` documents most relevant to `query`, best first, with `metadata.relevance_score` in [0, 1].
   * An empty list returns an empty list without a request.
   * @throws InputValidationError before any request (an empty document, bad options); the API errors after retries.
   */
  async compressDocuments(documents: DocumentInterface[], query: string, _callbacks?: Callbacks): Promise<DocumentInterface[]> {
    if (documents.length === 0) return [];
    const { client: _client, clientOptions: _options, model: _model, topN: _topN, ...controls } = this.#fields;
    const { results } = await rerankMany(this.client, { ...controls, model: this.model, query, documents: documents.map((document) => document.pageContent), top_n: this.topN });
    return results.map((result) => {
      const document = documents[result.index]!;
      return { ...document, metadata: { ...document.metadata, relevance_score: result.relevance_score } };
    });
  }
}
