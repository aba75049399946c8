/** The OpenAI-compatible rendering of an error, when it differs from the generic mapping. */
export interface CompatibleErrorForm {
  status?: number;
  type: string;
  code: string | null;
  message: string;
}

/**
 * An error the emulator answers with, in DashScope's terms: HTTP status, native `code` and `message`
 * (https://www.alibabacloud.com/help/en/model-studio/error-code). Handlers throw it; the router renders
 * it in the envelope of the protocol that was called (see {@link renderError}), or as an `event:error`
 * inside an HTTP 200 stream for native SSE calls. Not part of the SDK's error tree.
 */
export class WireError extends Error {
  override name = 'WireError';
  /** HTTP status (or the `:HTTP_STATUS/` of an error event). */
  readonly status: number;
  /** Native DashScope code, e.g. `InvalidParameter`. */
  readonly code: string;
  /** Compatible-mode form, when the generic mapping from the native code is not what DashScope sends. */
  readonly compatible: CompatibleErrorForm | undefined;
  /** Hint for `Retry-After`, in ms (429 only, and only sent when hints are on). */
  readonly retryAfterMs: number | undefined;

  constructor(status: number, code: string, message: string, extra: { compatible?: CompatibleErrorForm; retryAfterMs?: number } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.compatible = extra.compatible;
    this.retryAfterMs = extra.retryAfterMs;
  }
}

/** 400 `InvalidParameter` with DashScope's message, e.g. "Model not exist.". */
export function invalidParameter(message: string): WireError {
  return new WireError(400, 'InvalidParameter', message);
}

/**
 * Unknown model: native 400 `InvalidParameter` "Model not exist."; compatible mode answers 404
 * `model_not_found` "The model `…` does not exist or you do not have access to it." (as seen in logs).
 */
export function modelNotExist(model: string): WireError {
  return new WireError(400, 'InvalidParameter', 'Model not exist.', {
    compatible: {
      status: 404,
      type: 'invalid_request_error',
      code: 'model_not_found',
      message: `The model \`${model}\` does not exist or you do not have access to it.`,
    },
  });
}

/** A model that exists but not on OpenAI-compatible mode: 404 `model_not_supported`. */
export function modelNotSupported(model: string): WireError {
  return new WireError(404, 'ModelNotFound', `Unsupported model ${model} for OpenAI compatibility mode`, {
    compatible: { status: 404, type: 'invalid_request_error', code: 'model_not_supported', message: `Unsupported model \`${model}\` for OpenAI compatibility mode.` },
  });
}

/**
 * A request body the schema rejects: 400 `InvalidParameter` naming the first offending field, in
 * DashScope's "Value error, …: field" style.
 */
export function invalidBody(issues: readonly { path: PropertyKey[]; message: string }[]): WireError {
  const issue = issues[0];
  const path = issue && issue.path.length > 0 ? issue.path.map(String).join('.') : 'body';
  return invalidParameter(`Value error, ${issue?.message ?? 'invalid request body'}: ${path}`);
}
