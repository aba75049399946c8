import { APIError, DashScopeError, InputValidationError, RateLimitError } from '../index.js';
import { ServeRequestError } from './serve-request-error.js';

/** The JSON error every serve endpoint sends (OpenAI's shape). */
export interface ServeErrorBody {
  error: {
    /** `invalid_request_error` (400), `rate_limit_error` (429), `upstream_error` (502: DashScope failed), `server_error` (500). */
    type: 'invalid_request_error' | 'rate_limit_error' | 'upstream_error' | 'server_error';
    /** {@link ServeRequestError} code, DashScope's error code, or `null`. */
    code: string | null;
    message: string;
    param: string | null;
  };
}

/**
 * The HTTP status and body for an error met while answering: a refused body is 400, DashScope's
 * throttling 429, any other DashScope or transport error 502, anything else 500. Messages never carry
 * the API key (SDK errors do not).
 */
export function serveErrorBody(error: unknown): { status: 400 | 429 | 500 | 502; body: ServeErrorBody } {
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof ServeRequestError) return { status: 400, body: { error: { type: 'invalid_request_error', code: error.code, message, param: error.param } } };
  if (error instanceof InputValidationError) return { status: 400, body: { error: { type: 'invalid_request_error', code: 'invalid_parameter', message, param: error.param ?? null } } };
  if (error instanceof RateLimitError || (error instanceof APIError && error.status === 429)) {
    return { status: 429, body: { error: { type: 'rate_limit_error', code: error.code ?? null, message, param: null } } };
  }
  if (error instanceof DashScopeError) {
    return { status: 502, body: { error: { type: 'upstream_error', code: error instanceof APIError ? (error.code ?? null) : error.name, message, param: null } } };
  }
  return { status: 500, body: { error: { type: 'server_error', code: error instanceof Error ? error.name : null, message, param: null } } };
}
