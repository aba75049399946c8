import { LocalFileError } from '../rag/local-file-error.js';

/** Local file failures come from the RAG library (`dashscope-kit/rag`), shared with the CLI's own file checks (exit 7). */
export { LocalFileError };

/**
 * Errors the CLI raises itself (the SDK's own errors come from `dashscope-kit`). Each carries the exit
 * code of its class (see `exitCodeFor`) and a hint printed under the one-line message.
 */
export class CliError extends Error {
  override name = 'CliError';
  /** Process exit code for this class of failure (table in `exit-codes.ts`). */
  readonly exitCode: number;
  /** One short sentence telling the user what to do next, or `undefined`. */
  readonly hint: string | undefined;

  constructor(message: string, exitCode: number, hint?: string) {
    super(message);
    this.exitCode = exitCode;
    this.hint = hint;
  }
}

/** Bad flags or input found before any request was sent (exit 2). */
export class UsageError extends CliError {
  override name = 'UsageError';
  constructor(message: string, hint?: string) {
    super(message, 2, hint);
  }
}

/** The user pressed Ctrl-C (SIGINT); work done so far was kept (exit 130). */
export class InterruptedError extends CliError {
  override name = 'InterruptedError';
  constructor(message = 'Interrupted.', hint?: string) {
    super(message, 130, hint);
  }
}

/** A bulk embedding job finished, but some lines have no vector (their `error` lines are in the output) (exit 8). */
export class BulkLinesFailedError extends CliError {
  override name = 'BulkLinesFailedError';
  constructor(message: string, hint?: string) {
    super(message, 8, hint);
  }

  /** The error for `failed` of `lines` lines without a vector in `output`, with the hint every bulk mode gives. */
  static of(failed: number, lines: number, output: string): BulkLinesFailedError {
    return new BulkLinesFailedError(`${failed} of ${lines} lines failed (their "error" lines are in ${output}).`, 'Fix or drop those lines in the input and embed them into another --output file.');
  }
}
