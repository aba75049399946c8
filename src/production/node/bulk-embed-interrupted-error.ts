import { DashScopeError } from '../../core/errors.js';

/**
 * Thrown by `runBulkEmbedJob` when a line still fails with a transient error (throttle, 5xx, timeout,
 * dropped connection) after its retries or once the retry budget is spent. Such a line is not written as a
 * failure, because it would succeed later: the job stops instead, every finished line stays in the output
 * or its checkpoint, and running the job again resumes at this line. `cause` is the last attempt's error.
 */
export class BulkEmbedInterruptedError extends DashScopeError {
  override name = 'BulkEmbedInterruptedError';
  /** True: the line failed transiently, so running the job again resumes and may finish it. */
  override readonly isRetryable: boolean = true;
  /** 1-based input line that could not be embedded. */
  readonly line: number;

  constructor(line: number, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`Line ${line} could not be embedded after its retries (${reason}). Finished lines are kept; run the job again to resume from here.`, { cause });
    this.line = line;
  }
}
