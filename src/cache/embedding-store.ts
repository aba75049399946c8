/**
 * One entry of a DashScope sparse vector (`output.embeddings[].sparse_embedding[]`, v3/v4 with
 * `output_type` `sparse` or `dense&sparse`).
 *
 * @see https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export interface SparseEmbeddingEntry {
  /** Vocabulary index (integer ≥ 0; inside the 151,643-entry Qwen vocabulary in practice). */
  index: number;
  /** Weight. */
  value: number;
  /** The vocabulary token, when the API returned it. */
  token?: string;
}

/**
 * A cached vector together with what it was computed for. `model` and `dimension` are stored
 * with the vector so a reader can verify it before use.
 */
export interface StoredEmbedding {
  /** Model that produced the vector, e.g. `text-embedding-v4`. */
  model: string;
  /** Requested dimension (components); equals `embedding.length` for dense output types. */
  dimension: number;
  /** Dense vector (`[]` when only a sparse vector was requested). */
  embedding: number[];
  /** Sparse vector, when requested. */
  sparse_embedding?: SparseEmbeddingEntry[];
}

/**
 * Storage backend of `EmbeddingCache`: a key → {@link StoredEmbedding} map with batch access.
 * Keys come from `buildEmbeddingCacheKey`. Implementations: `MemoryEmbeddingStore` (LRU, any
 * runtime) and `LmdbEmbeddingStore` (persistent, Node only). Implementations must return data the
 * caller may mutate without affecting the store, and must not be used after `close()`.
 */
export interface EmbeddingStore {
  /**
   * Looks up many keys at once.
   * @returns one entry per key, in key order; `undefined` for a miss.
   */
  getMany(keys: string[]): Promise<(StoredEmbedding | undefined)[]>;
  /** Inserts or replaces entries; all entries of one call are written together. */
  setMany(entries: Array<[string, StoredEmbedding]>): Promise<void>;
  /** Flushes and releases resources. Idempotent. */
  close(): Promise<void>;
}
