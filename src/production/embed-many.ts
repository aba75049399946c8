import type { DashScope } from '../client.js';
import { InputValidationError } from '../core/errors.js';
import type { Embedding } from '../resources/embeddings/embedding-types.js';
import { resolveEmbedSettings, type EmbedFailure, type EmbedParams, type EmbedStats } from './resolve-embed-settings.js';
import { findTooLong, runEmbedPipeline } from './run-embed-pipeline.js';

/** Parameters of {@link embedMany}: the texts plus everything in {@link EmbedParams}. */
export interface EmbedManyParams extends EmbedParams {
  /** Any number of texts. */
  input: readonly string[];
}

/** Result of {@link embedMany}. */
export interface EmbedManyResult {
  /**
   * One entry per input text, in input order: `embeddings[i].text_index === i`. `undefined` exactly
   * where `failures` has an entry for `i`. Never a zero vector standing in for a missing one.
   */
  embeddings: Array<Embedding | undefined>;
  /** Items without a vector, sorted by `text_index`: skipped (`empty`, `too_long`) or failed after retries (`error`). */
  failures: EmbedFailure[];
  /** Indexes of texts cut to the per-text token limit (`onTooLong: 'truncate'`). */
  truncated: number[];
  /** Dimension of the dense vectors (`undefined` for sparse-only output or when nothing was embedded). */
  dimension: number | undefined;
  /** Tokens DashScope reported as used by this call (cache hits cost none). */
  usage: { total_tokens: number };
  /** Items, requests, retries, throttles, cache hits and wall time of this call. */
  stats: EmbedStats;
}

/**
 * Embeds any number of texts and returns one vector per text in input order. Splits by the model's row
 * cap (10 for text-embedding-v3/v4, 25 for v1/v2) and per-text token limit (8,192 for v3/v4, counted with
 * the Qwen tokenizer), sends batches with bounded concurrency, retries failed batches on a shared
 * `RetryBudget` with the client's backoff (the client is used with `maxRetries: 0`), splits a batch the
 * service still refuses as too large ("batch size is invalid, it should not be larger than N" → chunks of
 * N; "Range of input length" or another 400 such as content inspection → halves down to the culprit), and
 * reports items that still fail with their index instead of dropping the others. Empty and over-long texts follow `onEmpty` / `onTooLong`; with
 * the default `error` policies they throw before any request. With `cache`, texts it holds cost no
 * request. With `limiter`, every attempt waits for a permit sized by the batch's exact token count.
 * Limits: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 *
 * @example
 * const { embeddings, failures } = await embedMany(client, { model: 'text-embedding-v4', input: texts, dimension: 512 });
 *
 * @throws InputValidationError before any request: bad parameters (see `resolveEmbedSettings`), a
 *   non-string input, an empty text under `onEmpty: 'error'`, or an over-long text under `onTooLong: 'error'`
 *   (the message names the index). APIUserAbortError when `signal` aborts: no request starts afterwards,
 *   in-flight requests are aborted; batches already finished were delivered to `onBatch`.
 *   AuthenticationError, PermissionDeniedError, NotFoundError, ArrearsError, QuotaExhaustedError: errors
 *   every request would get stop the call at the first instead of becoming one failure per item.
 */
export async function embedMany(client: DashScope, params: EmbedManyParams): Promise<EmbedManyResult> {
  const settings = resolveEmbedSettings(params, client.protocol, client.region);
  const input = params.input;
  if (!Array.isArray(input)) throw new InputValidationError('input must be an array of strings.', 'input');
  input.forEach((text, index) => {
    if (typeof text !== 'string') throw new InputValidationError(`input[${index}] is not a string.`, `input[${index}]`);
    if (settings.onEmpty === 'error' && text.trim() === '') {
      throw new InputValidationError(`input[${index}] is empty; DashScope rejects empty texts (or pass onEmpty: 'skip').`, `input[${index}]`);
    }
  });
  if (settings.onTooLong === 'error') {
    const over = await findTooLong(input, settings.maxTokensPerText);
    if (over) {
      throw new InputValidationError(
        `input[${over.index}] has ${over.tokens} tokens; ${settings.model} accepts at most ${settings.maxTokensPerText} per text (or pass onTooLong: 'truncate' | 'skip').`,
        `input[${over.index}]`,
      );
    }
  }
  const embeddings: Array<Embedding | undefined> = new Array(input.length).fill(undefined);
  const failures: EmbedFailure[] = [];
  const truncated: number[] = [];
  let dimension: number | undefined;
  const stats = await runEmbedPipeline(client, params, input, {
    ordered(outcomes) {
      for (const outcome of outcomes) {
        if ('failure' in outcome) {
          failures.push(outcome.failure);
          continue;
        }
        embeddings[outcome.text_index] = { text_index: outcome.text_index, ...outcome.embedding };
        dimension ??= outcome.embedding.embedding?.length;
        if (outcome.truncated) truncated.push(outcome.text_index);
      }
    },
  });
  return { embeddings, failures, truncated, dimension, usage: { total_tokens: stats.tokens }, stats };
}
