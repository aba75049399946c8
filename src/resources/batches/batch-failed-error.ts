import { DashScopeError } from '../../core/errors.js';
import type { Batch, BatchError } from '../../wire/batches.js';

/**
 * A batch ended in `failed`: its input did not validate. `code` is the first error's code —
 * `url_not_found` (a line's `url` is not the batch endpoint), `mismatched_model` (more than one model in
 * the file), `duplicate_custom_id` — and `line` the 1-based input line it concerns.
 * Codes: https://www.alibabacloud.com/help/en/model-studio/error-code (Batch section).
 */
export class BatchFailedError extends DashScopeError {
  override name = 'BatchFailedError';
  readonly batch: Batch;
  /** Every error the batch reported. */
  readonly errors: BatchError[];
  readonly code: string | undefined;
  readonly line: number | undefined;

  constructor(batch: Batch) {
    const errors = batch.errors?.data ?? [];
    const first = errors[0];
    const where = first?.line ? ` (line ${first.line})` : '';
    super(`Batch ${batch.id} failed: ${first?.code ?? 'unknown'}${where}: ${first?.message ?? 'no error reported'}`);
    this.batch = batch;
    this.errors = errors;
    this.code = first?.code ?? undefined;
    this.line = first?.line ?? undefined;
  }
}
