import { sleep } from '../../core/abort.js';
import { checkResourceId } from '../../core/check-resource-id.js';
import { InputValidationError } from '../../core/errors.js';
import { parseResponseBody } from '../../core/parse-response-body.js';
import { queryString } from '../../core/query-string.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestJSON, type TransportConfig } from '../../core/transport.js';
import { BATCH_ENDPOINTS } from '../../wire/batch-statuses.js';
import type { Batch } from '../../wire/batches.js';
import { PATHS } from '../../wire/paths.js';
import { BatchFailedError } from './batch-failed-error.js';
import { TERMINAL_BATCH_STATUSES, type BatchCreateParams, type BatchList, type BatchListParams, type BatchWaitOptions } from './batch-types.js';

// The wire schemas are imported on first use, not with the root entry: they load zod (issue 12, cold import).
const wire = () => import('../../wire/batches.js');

const STAMP = /^\d{14}$/;
const DEFAULT_POLL_MS = 1_000;
const DEFAULT_MAX_POLL_MS = 30_000;

/**
 * `client.batches`: DashScope's OpenAI-compatible Batch API (`/compatible-mode/v1/batches`): runs a JSONL
 * file of chat or embedding requests at 50 % of the real-time price within the completion window.
 * Limits: create, retrieve and cancel 1,000/min, list 100/min; over them 429 `Throttling.AllocationQuota`
 * (a retryable `RateLimitError`). https://docs.qwencloud.com/developer-guides/text-generation/batch
 */
export class Batches {
  readonly #transport: TransportConfig;

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig) {
    this.#transport = transport;
  }

  /**
   * Submits a batch over an uploaded `purpose: 'batch'` file (`completion_window` defaults to `24h`).
   * Retried like any call on 429/5xx; a batch whose creation timed out may still exist: list by
   * `input_file_ids` before creating it again (duplicates are billed).
   *
   * @throws InputValidationError for an unknown endpoint, a malformed `completion_window` or metadata over
   *   its lengths; APIError subclasses and connection errors.
   */
  async create(params: BatchCreateParams, options: RequestOptions = {}): Promise<Batch> {
    const body = { ...params, completion_window: params?.completion_window ?? '24h' };
    const checked = (await wire()).BatchCreateRequestSchema.safeParse(body);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const param = issue?.path.map(String).join('.') || 'params';
      const limit = param === 'endpoint' ? BATCH_ENDPOINTS : undefined;
      throw new InputValidationError(`Invalid batch: ${param}: ${issue?.message ?? 'invalid'}`, param, { value: issue ? valueAt(body, issue.path) : body, limit });
    }
    const response = await requestJSON(this.#transport, { path: PATHS.compatibleBatches, body: checked.data }, options);
    return parseResponseBody((await wire()).BatchSchema, response.body, 'batch');
  }

  /**
   * One batch, with its `status` and `request_counts`.
   * @throws InputValidationError for a malformed id; NotFoundError for an unknown one; other APIError subclasses.
   */
  async retrieve(batchId: string, options: RequestOptions = {}): Promise<Batch> {
    const path = `${PATHS.compatibleBatches}/${checkResourceId(batchId, 'batch_id')}`;
    const { body } = await requestJSON(this.#transport, { path, body: undefined, method: 'GET' }, options);
    return parseResponseBody((await wire()).BatchSchema, body, 'batch');
  }

  /**
   * One page of batches, newest first; pass `last_id` as `after` for the next page while `has_more`.
   * An empty listing (`data: null` on the wire) is `data: []`.
   * @throws InputValidationError for malformed filters (dates, more than 20 file ids); APIError subclasses.
   */
  async list(params: BatchListParams = {}, options: RequestOptions = {}): Promise<BatchList> {
    for (const key of ['create_after', 'create_before'] as const) {
      const value = params[key];
      if (value !== undefined && !STAMP.test(value)) throw new InputValidationError(`${key} must be a yyyyMMddHHmmss timestamp.`, key, { value });
    }
    if ((params.input_file_ids?.length ?? 0) > 20) {
      throw new InputValidationError('At most 20 input_file_ids per listing.', 'input_file_ids', { value: params.input_file_ids?.length, limit: 20 });
    }
    if (params.limit !== undefined && (!Number.isInteger(params.limit) || params.limit < 1)) {
      throw new InputValidationError('limit must be a positive integer.', 'limit', { value: params.limit });
    }
    const path = PATHS.compatibleBatches + queryString({ ...params });
    const { body } = await requestJSON(this.#transport, { path, body: undefined, method: 'GET' }, options);
    const page = parseResponseBody((await wire()).BatchListResponseSchema, body, 'batch list');
    return { data: page.data ?? [], first_id: page.first_id ?? undefined, last_id: page.last_id ?? undefined, has_more: page.has_more ?? false };
  }

  /**
   * Asks to cancel a batch: it turns `cancelling`, then `cancelled`. Requests already finished are kept
   * (and billed); the rest end in the error file.
   * @throws InputValidationError for a malformed id; NotFoundError for an unknown one; other APIError subclasses.
   */
  async cancel(batchId: string, options: RequestOptions = {}): Promise<Batch> {
    const path = `${PATHS.compatibleBatches}/${checkResourceId(batchId, 'batch_id')}/cancel`;
    const { body } = await requestJSON(this.#transport, { path, body: undefined, method: 'POST' }, options);
    return parseResponseBody((await wire()).BatchSchema, body, 'batch');
  }

  /**
   * Polls a batch until it is `completed`, `expired` or `cancelled` and returns it; the pause starts at
   * `pollIntervalMs` and doubles up to `maxPollIntervalMs`; `onProgress` sees every poll.
   *
   * @example
   * const done = await client.batches.wait(batch.id, { onProgress: (b) => console.log(b.status, b.request_counts) });
   *
   * @throws BatchFailedError when the batch ends in `failed` (validation: code and line); APIUserAbortError
   *   when `signal` aborts; InputValidationError for bad intervals; errors of {@link Batches.retrieve}.
   */
  async wait(batchId: string, options: BatchWaitOptions = {}): Promise<Batch> {
    let pause = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    const maxPause = options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_MS;
    for (const [name, value] of [['pollIntervalMs', pause], ['maxPollIntervalMs', maxPause]] as const) {
      if (!Number.isFinite(value) || value < 0) throw new InputValidationError(`${name} must be a non-negative number of ms.`, name, { value });
    }
    for (;;) {
      const batch = await this.retrieve(batchId, { signal: options.signal });
      options.onProgress?.(batch);
      if (batch.status === 'failed') throw new BatchFailedError(batch);
      if (TERMINAL_BATCH_STATUSES.includes(batch.status)) return batch;
      await sleep(pause, options.signal);
      pause = Math.min(maxPause, Math.max(pause * 2, 1));
    }
  }
}

function valueAt(body: unknown, path: readonly PropertyKey[]): unknown {
  let value: unknown = body;
  for (const key of path) value = value && typeof value === 'object' ? (value as Record<PropertyKey, unknown>)[key] : undefined;
  return value;
}
