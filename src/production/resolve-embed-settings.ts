import type { EmbeddingCache } from '../cache/embedding-cache.js';
import type { EmbeddingFingerprint } from '../cache/embedding-cache-key.js';
import { InputValidationError } from '../core/errors.js';
import { getEmbeddingModel } from '../models/catalog.js';
import type { Region } from '../models/regions.js';
import type { Embedding, EmbeddingModel } from '../resources/embeddings/embedding-types.js';
import { validateEmbeddingParams } from '../resources/embeddings/embeddings.js';
import type { RateLimiter } from './rate-limiter.js';
import { RetryBudget } from './retry-budget.js';

/** Why an item got no vector: empty text, over the per-text token limit, unreadable input line, or the request failed. */
export type EmbedFailureReason = 'empty' | 'too_long' | 'invalid' | 'error';

/** An item that got no vector. `text_index` is its position in the input. */
export interface EmbedFailure {
  text_index: number;
  reason: EmbedFailureReason;
  /** Human-readable cause (for `error`: the last attempt's error message). */
  message: string;
  /** The error of the last attempt, for `reason: 'error'` (and service-side `too_long`). */
  error?: unknown;
}

/** One finished item: its vector (`text_index` = position in the input) or its failure. */
export type EmbedOutcome =
  | { text_index: number; embedding: Omit<Embedding, 'text_index'>; truncated: boolean; cached: boolean }
  | { text_index: number; failure: EmbedFailure };

/** Counters of a bulk embedding run (this run only). */
export interface EmbedStats {
  /** Items with a vector. */
  embedded: number;
  /** Items without one (see `EmbedFailure`). */
  failed: number;
  /** Items served by the cache (no request). */
  cached: number;
  /** Items cut to the per-text token limit (`onTooLong: 'truncate'`). */
  truncated: number;
  /** Tokens DashScope reported as used (`usage.total_tokens`, summed): what is billed. */
  tokens: number;
  /** HTTP attempts sent. */
  requests: number;
  /** Attempts that were retries. */
  retries: number;
  /** Attempts answered with HTTP 429 throttling. */
  throttles: number;
  /** Wall time since the run started, ms. */
  elapsedMs: number;
}

/** One finished batch, in completion order: what `onBatch` receives. */
export interface EmbedBatch {
  /** The batch's items, in input order within the batch. */
  outcomes: EmbedOutcome[];
  /** Tokens reported by the service for this batch (0 when fully cached). */
  usage: { total_tokens: number };
}

/**
 * Parameters shared by `embedMany` and `runBulkEmbedJob`: DashScope's embedding fields (snake_case, as in
 * `client.embeddings.create`) plus the bulk controls (camelCase). Limits come from the model catalog:
 * https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export interface EmbedParams {
  model: EmbeddingModel;
  /** Output dimension (v3/v4); must be one the model allows. Default: the model's (1024 for v3/v4). */
  dimension?: number | undefined;
  text_type?: 'query' | 'document' | undefined;
  /** v4 only, effective with `text_type: 'query'`. */
  instruct?: string | undefined;
  output_type?: 'dense' | 'sparse' | 'dense&sparse' | undefined;
  protocol?: 'native' | 'compatible' | undefined;
  /**
   * Requests in flight at once (≥ 1). Default 8. A batch sleeping in backoff does not count, so retries do
   * not starve the rest. With a `limiter` this only needs to cover latency × rate.
   */
  concurrency?: number | undefined;
  /** Rows per request, at most the model's cap (10 for v3/v4, 25 for v1/v2). Default: the cap. */
  maxBatchSize?: number | undefined;
  /** Tokens per request (sum over the rows). Default: no limit beyond rows × per-text limit. */
  maxBatchTokens?: number | undefined;
  /**
   * Empty or whitespace-only texts (DashScope rejects them): `error` (default; `embedMany` throws
   * `InputValidationError` before any request) or `skip` (reported as a failure with reason `empty`).
   */
  onEmpty?: 'error' | 'skip' | undefined;
  /**
   * Texts over the model's per-text token limit (8,192 for v3/v4), counted with the Qwen tokenizer:
   * `error` (default; `embedMany` throws `InputValidationError` before any request), `skip` (failure
   * with reason `too_long`) or `truncate` (cut on a token boundary to the limit; listed in `truncated`).
   */
  onTooLong?: 'error' | 'skip' | 'truncate' | undefined;
  /**
   * Pays for retries; share one between jobs hitting the same quota. Default: a fresh budget of
   * max(500, 40 × concurrency) units, so that a blip failing every request in flight (each retry of a
   * transient fault costs 10) can be retried a few times over before retries stop.
   */
  retryBudget?: RetryBudget | undefined;
  /** Attempts per request, first included. Default 8. The budget usually stops retries first. */
  maxAttempts?: number | undefined;
  /** Per-attempt timeout, ms. Default: the client's. A stalled attempt is abandoned and retried. */
  timeout?: number | undefined;
  /**
   * Acquired before every attempt with the batch's token count (see `tokenCounting`); each permit is
   * corrected with the `usage.total_tokens` of the response.
   */
  limiter?: RateLimiter | undefined;
  /**
   * How batch token counts for `limiter` and `maxBatchTokens` are obtained: `exact` (default) with the Qwen
   * tokenizer (~110 µs per short text, ~200 MB of vocabulary once loaded), or `estimate` with the
   * synchronous `estimateTokens` heuristic (usually 1.05–1.7× the exact count, no vocabulary; the limiter
   * is corrected with the real usage after each response). Either way the per-text limit is checked
   * exactly: only texts whose UTF-8 length could exceed it are counted, and without a limiter or token
   * budget nothing else is.
   */
  tokenCounting?: 'exact' | 'estimate' | undefined;
  /** Texts the cache holds cost no request; new vectors are stored. */
  cache?: EmbeddingCache | undefined;
  /** Aborts the run: no request starts afterwards, in-flight requests are aborted, the run rejects. */
  signal?: AbortSignal | undefined;
  /**
   * Called as each batch finishes (completion order), right after the items that became deliverable in
   * input order were delivered: persist its outcomes here to keep work that finished out of order.
   */
  onBatch?: ((batch: EmbedBatch) => void) | undefined;
  /** Called after each batch with the counters so far. */
  onProgress?: ((stats: EmbedStats) => void) | undefined;
}

/** Validated, defaulted settings of a run. */
export interface EmbedSettings {
  model: string;
  dimension: number | undefined;
  text_type: 'query' | 'document' | undefined;
  instruct: string | undefined;
  output_type: 'dense' | 'sparse' | 'dense&sparse' | undefined;
  protocol: 'native' | 'compatible' | undefined;
  concurrency: number;
  maxBatchSize: number;
  maxBatchTokens: number;
  maxTokensPerText: number;
  onEmpty: 'error' | 'skip';
  onTooLong: 'error' | 'skip' | 'truncate';
  retryBudget: RetryBudget;
  maxAttempts: number;
  timeout: number | undefined;
  limiter: RateLimiter | undefined;
  tokenCounting: 'exact' | 'estimate';
  cache: EmbeddingCache | undefined;
  /** Cache fingerprint, when a cache is used. */
  fingerprint: EmbeddingFingerprint | undefined;
}

/** Rows and tokens per text assumed for models the catalog does not know (DashScope's v3/v4 limits). */
const UNKNOWN_MODEL_LIMITS = { maxBatch: 10, maxTokensPerText: 8_192 };

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InputValidationError(`${name} must be an integer ≥ 1 (got ${value}).`, name);
  return value;
}

function oneOf<T extends string>(value: T | undefined, allowed: readonly T[], name: string, fallback: T): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value)) throw new InputValidationError(`${name} must be one of ${allowed.join(', ')} (got ${String(value)}).`, name);
  return value;
}

/**
 * Checks bulk embedding parameters against the catalog and fills defaults, before anything is sent.
 * @throws InputValidationError for a missing model, a dimension / output_type / instruct the model does
 *   not accept (see `validateEmbeddingParams`), `maxBatchSize` above the model's row cap, non-integer or
 *   < 1 counts, an unknown policy, or a cache without a known dimension.
 * @param region the client's region (allowed dimensions differ by region for text-embedding-v3).
 */
export function resolveEmbedSettings(params: EmbedParams, clientProtocol: 'native' | 'compatible', region?: Region): EmbedSettings {
  if (!params || typeof params.model !== 'string' || params.model === '') throw new InputValidationError('model is required.', 'model');
  const probe = { model: params.model, input: 'x' } as Parameters<typeof validateEmbeddingParams>[0];
  if (params.dimension !== undefined) probe.dimension = params.dimension;
  if (params.output_type !== undefined) probe.output_type = params.output_type;
  if (params.instruct !== undefined) probe.instruct = params.instruct;
  if (params.text_type !== undefined) probe.text_type = params.text_type;
  validateEmbeddingParams(probe, params.protocol ?? clientProtocol, region);
  const info = getEmbeddingModel(params.model);
  const cap = info?.maxBatch ?? UNKNOWN_MODEL_LIMITS.maxBatch;
  const maxBatchSize = positiveInteger(params.maxBatchSize, 'maxBatchSize', cap);
  if (maxBatchSize > cap) throw new InputValidationError(`${params.model} accepts at most ${cap} texts per request (maxBatchSize ${maxBatchSize}).`, 'maxBatchSize');
  const dimension = params.dimension ?? info?.defaultDimension;
  const output_type = oneOf(params.output_type, ['dense', 'sparse', 'dense&sparse'], 'output_type', 'dense');
  let fingerprint: EmbeddingFingerprint | undefined;
  if (params.cache) {
    if (dimension === undefined) throw new InputValidationError(`A cache needs a dimension: pass dimension for ${params.model}, which the catalog does not know.`, 'dimension');
    fingerprint = { model: params.model, dimension, text_type: params.text_type ?? 'document', output_type };
    if (params.instruct !== undefined) fingerprint.instruct = params.instruct;
  }
  const concurrency = positiveInteger(params.concurrency, 'concurrency', 8);
  const maxBatchTokens = params.maxBatchTokens === undefined ? Infinity : positiveInteger(params.maxBatchTokens, 'maxBatchTokens', Infinity);
  if (params.timeout !== undefined && !(params.timeout > 0)) throw new InputValidationError(`timeout must be > 0 ms (got ${params.timeout}).`, 'timeout');
  return {
    model: params.model,
    dimension,
    text_type: params.text_type,
    instruct: params.instruct,
    output_type: params.output_type,
    protocol: params.protocol,
    concurrency,
    maxBatchSize,
    maxBatchTokens,
    maxTokensPerText: info?.maxTokensPerText ?? UNKNOWN_MODEL_LIMITS.maxTokensPerText,
    onEmpty: oneOf(params.onEmpty, ['error', 'skip'], 'onEmpty', 'error'),
    onTooLong: oneOf(params.onTooLong, ['error', 'skip', 'truncate'], 'onTooLong', 'error'),
    retryBudget: params.retryBudget ?? new RetryBudget({ capacity: Math.max(500, 40 * concurrency) }),
    maxAttempts: positiveInteger(params.maxAttempts, 'maxAttempts', 8),
    timeout: params.timeout,
    limiter: params.limiter,
    tokenCounting: oneOf(params.tokenCounting, ['exact', 'estimate'], 'tokenCounting', 'exact'),
    cache: params.cache,
    fingerprint,
  };
}
