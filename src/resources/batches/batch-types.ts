import type { Batch, BatchEndpoint, BatchStatus } from '../../wire/batches.js';

/**
 * `client.batches.create()` params (https://docs.qwencloud.com/api-reference/platform-api/batch/create-batch).
 * `completion_window` is whole hours `24h`–`336h` or days (`1d`–`14d`); metadata `ds_name` ≤ 100 chars,
 * `ds_description` ≤ 200, `ds_batch_finish_callback` a public URL that receives a POST on completion.
 */
export interface BatchCreateParams {
  input_file_id: string;
  endpoint: BatchEndpoint;
  /** Default `24h`. */
  completion_window?: string | undefined;
  metadata?: { ds_name?: string; ds_description?: string; ds_batch_finish_callback?: string } | undefined;
}

/**
 * `client.batches.list()` filters. `create_after` / `create_before` are `yyyyMMddHHmmss`; `ds_name` matches
 * fuzzily; at most 20 `input_file_ids`. Only the last 30 days are listed.
 */
export interface BatchListParams {
  after?: string | undefined;
  limit?: number | undefined;
  ds_name?: string | undefined;
  input_file_ids?: readonly string[] | undefined;
  status?: readonly BatchStatus[] | undefined;
  create_after?: string | undefined;
  create_before?: string | undefined;
}

/** A page of batches; `data` is `[]` when the service sent `data: null` (no batches). */
export interface BatchList {
  data: Batch[];
  first_id: string | undefined;
  last_id: string | undefined;
  has_more: boolean;
}

/** `client.batches.wait()` options. */
export interface BatchWaitOptions {
  /** Stops waiting (the batch keeps running) with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** First pause between polls, ms. Default 1,000; doubles up to {@link maxPollIntervalMs}. */
  pollIntervalMs?: number | undefined;
  /** Longest pause between polls, ms. Default 30,000. */
  maxPollIntervalMs?: number | undefined;
  /** Called with each polled batch (its `status` and `request_counts`). */
  onProgress?: ((batch: Batch) => void) | undefined;
}

/** Statuses after which a batch no longer changes. */
export const TERMINAL_BATCH_STATUSES: readonly BatchStatus[] = ['completed', 'failed', 'expired', 'cancelled'];
