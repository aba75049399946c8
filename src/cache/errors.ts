import type { EmbeddingFingerprint } from './embedding-cache-key.js';
import { DashScopeError } from '../core/errors.js';

/** Base class of every error thrown by `dashscope-kit/cache`. */
export class EmbeddingCacheError extends DashScopeError {
  override readonly name: string = 'EmbeddingCacheError';
}

/**
 * Thrown before any lookup or compute when a fingerprint or text list is malformed (unknown
 * `text_type`/`output_type`, non-integer `dimension`, non-string text, …).
 */
export class InvalidEmbeddingInputError extends EmbeddingCacheError {
  override readonly name: string = 'InvalidEmbeddingInputError';
}

/** What a stored or freshly computed vector actually looked like (see {@link EmbeddingMismatchError}). */
export interface ObservedEmbedding {
  /** Model recorded with (or reported for) the vector. */
  model: string;
  /** Dimension recorded with the vector. */
  dimension: number;
  /** Actual number of dense components. */
  length: number;
  /** Whether a sparse vector was present. */
  has_sparse: boolean;
}

function describeFingerprint(fingerprint: EmbeddingFingerprint): string {
  const instruct =
    fingerprint.instruct === undefined
      ? ''
      : `, instruct=${JSON.stringify(fingerprint.instruct.length > 60 ? `${fingerprint.instruct.slice(0, 57)}...` : fingerprint.instruct)}`;
  return (
    `{model=${fingerprint.model}, dimension=${fingerprint.dimension}, text_type=${fingerprint.text_type}, ` +
    `output_type=${fingerprint.output_type}${instruct}}`
  );
}

function describeObserved(observed: ObservedEmbedding): string {
  return `{model=${observed.model}, dimension=${observed.dimension}, length=${observed.length}, sparse=${observed.has_sparse}}`;
}

/**
 * Thrown when a vector read from the store or returned by `compute` does not belong to the
 * requested fingerprint: different model, a dimension or dense length other than
 * `fingerprint.dimension`, or a missing sparse vector when `output_type` asks for one. Never
 * swallowed or treated as a miss: it means a corrupted store, a shared store written with other
 * semantics, or a `compute` that called the wrong model/dimension.
 */
export class EmbeddingMismatchError extends EmbeddingCacheError {
  override readonly name: string = 'EmbeddingMismatchError';
  /** The fingerprint the caller asked for. */
  readonly expected: EmbeddingFingerprint;
  /** What was found instead. */
  readonly actual: ObservedEmbedding;
  /** `'store'` when read from the store, `'compute'` when returned by the compute callback. */
  readonly source: 'store' | 'compute';
  /** The cache key involved (contains hashes, never text or credentials). */
  readonly key: string;

  constructor(expected: EmbeddingFingerprint, actual: ObservedEmbedding, source: 'store' | 'compute', key: string) {
    super(
      `Embedding mismatch from ${source}: expected ${describeFingerprint(expected)}, ` +
        `got ${describeObserved(actual)} (key ${key})`,
    );
    this.expected = expected;
    this.actual = actual;
    this.source = source;
    this.key = key;
  }
}

/** Thrown by a persistent store when a record cannot be decoded (truncated, foreign or newer format). */
export class CorruptEmbeddingRecordError extends EmbeddingCacheError {
  override readonly name: string = 'CorruptEmbeddingRecordError';
}
