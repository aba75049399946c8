import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { DashScope, type ClientOptions } from '../client.js';
import { embedMany } from '../production/embed-many.js';
import type { EmbedParams } from '../production/resolve-embed-settings.js';

/**
 * Fields of {@link DashScopeEmbeddings}: the model, its output `dimension`, the v4 query `instruct`, the
 * bulk controls of `embedMany`, and the client. https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export interface DashScopeEmbeddingsFields
  extends EmbeddingsParams,
    Pick<EmbedParams, 'dimension' | 'instruct' | 'concurrency' | 'maxBatchSize' | 'maxBatchTokens' | 'onTooLong' | 'limiter' | 'cache' | 'tokenCounting'> {
  /** Embedding model id. Default `text-embedding-v4`. */
  model?: string | undefined;
  /** A configured client to share; otherwise one is created from `clientOptions` (env `DASHSCOPE_API_KEY`). */
  client?: DashScope | undefined;
  clientOptions?: ClientOptions | undefined;
}

/**
 * LangChain embeddings over dashscope-kit's `embedMany`: batches follow each model's own row cap (10 for
 * text-embedding-v3/v4, 25 for v1/v2) and per-text token limit, `dimension` is sent, and queries are
 * embedded with `text_type: 'query'` (plus `instruct` on v4), documents with `text_type: 'document'`.
 * The client's retries apply; LangChain's `AsyncCaller` is not used.
 *
 * @example
 * const embeddings = new DashScopeEmbeddings({ model: 'text-embedding-v4', dimension: 512 });
 * const vectors = await embeddings.embedDocuments(texts);
 */
export class DashScopeEmbeddings extends Embeddings {
  readonly model: string;
  readonly client: DashScope;
  readonly #fields: DashScopeEmbeddingsFields;

  /** @throws InputValidationError when no client is given and no API key is found. */
  constructor(fields: DashScopeEmbeddingsFields = {}) {
    super(fields);
    this.model = fields.model ?? 'text-embedding-v4';
    this.client = fields.client ?? new DashScope(fields.clientOptions);
    this.#fields = fields;
  }

  /** One vector per text, in order (`text_type: 'document'`). @throws InputValidationError before any request (empty text, over-long text); a batch's error after retries. */
  async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.#embed(documents, 'document');
  }

  /** The vector of a search query (`text_type: 'query'`, with `instruct` when set). @throws as {@link DashScopeEmbeddings.embedDocuments}. */
  async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.#embed([document], 'query');
    return vector ?? [];
  }

  async #embed(input: string[], textType: 'query' | 'document'): Promise<number[][]> {
    const { client: _client, clientOptions: _options, model: _model, maxConcurrency: _maxConcurrency, maxRetries: _maxRetries, onFailedAttempt: _onFailedAttempt, instruct, ...controls } = this.#fields;
    const result = await embedMany(this.client, { ...controls, ...(textType === 'query' && instruct ? { instruct } : {}), model: this.model, input, text_type: textType });
    const failure = result.failures[0];
    if (failure) throw failure.error ?? new Error(`Text ${failure.text_index} got no embedding: ${failure.message}`);
    return result.embeddings.map((embedding) => embedding?.embedding ?? []);
  }
}
