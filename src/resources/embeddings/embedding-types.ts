import type { SparseEntry } from '../../wire/embeddings.js';

/** Text embedding model ids the catalog knows; any other string is accepted too. */
export type EmbeddingModel = 'text-embedding-v4' | 'text-embedding-v3' | 'text-embedding-v2' | 'text-embedding-v1' | (string & {});

/**
 * Parameters of `client.embeddings.create`: one request. Limits per model (rows per call, tokens per
 * text, allowed dimensions) come from the catalog:
 * https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export interface EmbeddingCreateParams {
  model: EmbeddingModel;
  /** One text or up to the model's batch cap (10 for v3/v4, 25 for v1/v2). Empty strings are refused. */
  input: string | string[];
  /** Output dimensions (v3/v4 only); must be one the model allows. Default 1024 for v3/v4. */
  dimension?: number;
  /** `query` for search queries, `document` (default) for the indexed side. */
  text_type?: 'query' | 'document';
  /** v4 only, effective with `text_type: 'query'`: a task description in English. */
  instruct?: string;
  /** `dense` (default), `sparse` or `dense&sparse` (native protocol, v3/v4). */
  output_type?: 'dense' | 'sparse' | 'dense&sparse';
  /** Wire protocol for this call; defaults to the client's. Sparse output needs `native`. */
  protocol?: 'native' | 'compatible';
}

/** One vector, matched to its input by `text_index` (position in `input`). */
export interface Embedding {
  text_index: number;
  /** Dense vector (`dimension` numbers). Absent when `output_type` is `sparse`. */
  embedding?: number[];
  /** Sparse weights: vocabulary `index`, `value`, and `token` text. */
  sparse_embedding?: SparseEntry[];
}

/** Result of `client.embeddings.create`: vectors in input order. */
export interface EmbeddingResult {
  /** Sorted by `text_index` (input order), whatever order the service returned. */
  embeddings: Embedding[];
  /** Units: tokens. */
  usage: { total_tokens: number };
  request_id: string;
  model: string;
  /** Dimension of every dense vector in `embeddings`. */
  dimension: number | undefined;
}
