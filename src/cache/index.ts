export {
  assertEmbeddingFingerprint,
  buildEmbeddingCacheKey,
  buildEmbeddingCacheKeys,
  type EmbeddingFingerprint,
} from './embedding-cache-key.js';
export type { EmbeddingStore, SparseEmbeddingEntry, StoredEmbedding } from './embedding-store.js';
export { decodeStoredEmbedding, encodeStoredEmbedding } from './embedding-codec.js';
export { MemoryEmbeddingStore, type MemoryEmbeddingStoreOptions } from './memory-store.js';
export { LmdbEmbeddingStore, type LmdbEmbeddingStoreOptions } from './lmdb-store.js';
export {
  EmbeddingCache,
  type EmbeddingCacheOptions,
  type EmbeddingCacheStats,
  type EmbeddingCompute,
  type EmbeddingComputeResult,
} from './embedding-cache.js';
export {
  CorruptEmbeddingRecordError,
  EmbeddingCacheError,
  EmbeddingMismatchError,
  InvalidEmbeddingInputError,
  type ObservedEmbedding,
} from './errors.js';
