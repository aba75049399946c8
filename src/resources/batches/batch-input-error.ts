import { InputValidationError } from '../../core/errors.js';

/** Why a batch input was refused locally; the first three are the codes DashScope's validation reports. */
export type BatchInputErrorCode =
  | 'duplicate_custom_id'
  | 'mismatched_model'
  | 'url_not_found'
  | 'too_many_lines'
  | 'line_too_large'
  | 'file_too_large'
  | 'invalid_request';

/**
 * A batch input file that DashScope would fail (or refuse to upload), caught before anything is sent.
 * `line` is the 1-based line it concerns (absent for file-wide caps).
 * Limits: https://docs.qwencloud.com/developer-guides/text-generation/batch
 */
export class BatchInputError extends InputValidationError {
  override name = 'BatchInputError';
  readonly code: BatchInputErrorCode;
  readonly line: number | undefined;

  constructor(code: BatchInputErrorCode, message: string, details: { line?: number | undefined; value?: unknown; limit?: number | string | undefined; param?: string | undefined } = {}) {
    super(details.line ? `Line ${details.line}: ${message}` : message, details.param ?? 'requests', { value: details.value, limit: details.limit });
    this.code = code;
    this.line = details.line;
  }
}
