/**
 * The error tree of dashscope-kit. Every failure a call can produce is one of these classes, built by
 * {@link createAPIError} from the HTTP status and DashScope's own `code`, whichever envelope or stream
 * it arrived in. Error catalogue: https://www.alibabacloud.com/help/en/model-studio/error-code
 *
 * ```
 * DashScopeError
 * ├── APIError (status, code, requestId, isRetryable, body)
 * │   ├── BadRequestError 400 ── InvalidParameterError, ContentInspectionError, ArrearsError
 * │   ├── AuthenticationError 401
 * │   ├── PermissionDeniedError 403
 * │   ├── NotFoundError 404
 * │   ├── RateLimitError 429 ── QuotaExhaustedError (free quota / billing: not retryable)
 * │   └── InternalServerError ≥ 500
 * ├── APIConnectionError ── APIConnectionTimeoutError, StreamIdleTimeoutError, StreamTimeoutError,
 * │                          StreamTruncatedError
 * ├── APIUserAbortError
 * ├── ResponseTooLargeError (body or one SSE event over the client's cap; reading stopped)
 * ├── ResponseValidationError
 * └── InputValidationError (bad params, thrown before any request is sent)
 * ```
 *
 * Every class carries `isRetryable`: whether sending the same request again may succeed. The SDK's own
 * retry layer acts on it only before a stream has delivered its first event.
 */
import { classifyThrottle, type ThrottleKind } from './classify-throttle.js';

/** Root of every error dashscope-kit throws; `catch (e) { if (e instanceof DashScopeError) … }` catches them all. */
export class DashScopeError extends Error {
  override name = 'DashScopeError';
  /** Whether sending the same request again may succeed (network faults, timeouts, throttles, 5xx). */
  readonly isRetryable: boolean = false;
}

/** Shape of an API error before it is turned into a class (see {@link createAPIError}). */
export interface APIErrorInit {
  /** HTTP status; for errors inside a native SSE stream, the `:HTTP_STATUS/NNN` value. */
  status: number;
  /** DashScope code (`InvalidParameter`, `Throttling.RateQuota`, …) or compatible-mode code. */
  code: string | undefined;
  message: string;
  requestId: string | undefined;
  /** The parsed error body (or raw text when the body was not JSON). Never contains the API key. */
  body: unknown;
  headers?: Headers | undefined;
}

/** An error response from DashScope (HTTP status ≥ 400, or an `event:error` inside a stream). */
export class APIError extends DashScopeError {
  override name = 'APIError';
  /** HTTP status (or the in-stream `:HTTP_STATUS`). */
  readonly status: number;
  /** DashScope error code, e.g. `InvalidParameter`, `Throttling.AllocationQuota`, `invalid_api_key`. */
  readonly code: string | undefined;
  /** DashScope `request_id` (or compatible-mode `id`/`request_id`); quote it to Alibaba Cloud support. */
  readonly requestId: string | undefined;
  /** Whether the client's retry layer may re-send the request. */
  override readonly isRetryable: boolean;
  /** The parsed error body as received. */
  readonly body: unknown;
  /** Response headers, when the error came with an HTTP response. */
  readonly headers: Headers | undefined;

  constructor(init: APIErrorInit, isRetryable: boolean) {
    super(formatMessage(init));
    this.status = init.status;
    this.code = init.code;
    this.requestId = init.requestId;
    this.isRetryable = isRetryable;
    this.body = init.body;
    this.headers = init.headers;
  }
}

function formatMessage(init: APIErrorInit): string {
  const code = init.code ? ` ${init.code}` : '';
  const id = init.requestId ? ` (request_id ${init.requestId})` : '';
  return `${init.status}${code}: ${init.message}${id}`;
}

/** 400: the request was rejected as invalid. */
export class BadRequestError extends APIError {
  override name = 'BadRequestError';
}
/** 400 `InvalidParameter` (and its sub-codes): a parameter value the model does not accept. */
export class InvalidParameterError extends BadRequestError {
  override name = 'InvalidParameterError';
}
/** 400 `DataInspectionFailed`: input or output was blocked by content moderation. Change the input. */
export class ContentInspectionError extends BadRequestError {
  override name = 'ContentInspectionError';
}
/** `Arrearage` (400) and billing-state errors: the account is overdue. Not retryable until topped up. */
export class ArrearsError extends BadRequestError {
  override name = 'ArrearsError';
}
/** 401 `InvalidApiKey`: wrong, deleted or wrong-region key, or a bad workspace. */
export class AuthenticationError extends APIError {
  override name = 'AuthenticationError';
}
/** 403 `AccessDenied` and variants: no permission for this model, workspace or call mode. */
export class PermissionDeniedError extends APIError {
  override name = 'PermissionDeniedError';
}
/** 404 `ModelNotFound`, `model_not_supported`, `WorkSpaceNotFound`. */
export class NotFoundError extends APIError {
  override name = 'NotFoundError';
}
/** 429 throttling (`Throttling`, `Throttling.RateQuota`, `Throttling.AllocationQuota`, `Throttling.BurstRate`). */
export class RateLimitError extends APIError {
  override name = 'RateLimitError';
  /** Which quota tripped: requests per minute/second, tokens per minute/second, or the burst detector. */
  get dimension(): ThrottleKind | 'unknown' {
    return classifyThrottle({ status: this.status, code: this.code, message: this.message }) ?? 'unknown';
  }
}
/** 429 with a permanent cause: free quota used up, commodity not purchased, bill overdue. Not retryable. */
export class QuotaExhaustedError extends RateLimitError {
  override name = 'QuotaExhaustedError';
}
/** ≥ 500: DashScope failed (`InternalError`, `ModelServingError`, `ModelUnavailable`, …). */
export class InternalServerError extends APIError {
  override name = 'InternalServerError';
}

/** The request never got an HTTP response (DNS, refused, reset, TLS), or the body broke mid-read. Retryable. */
export class APIConnectionError extends DashScopeError {
  override name = 'APIConnectionError';
  override readonly isRetryable: boolean = true;
  constructor(message = 'Connection error.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
/** The per-attempt `timeout` (ms) elapsed before the response (or its body) arrived. Retryable. */
export class APIConnectionTimeoutError extends APIConnectionError {
  override name = 'APIConnectionTimeoutError';
  constructor(message = 'Request timed out.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
/**
 * A stream delivered no event for `streamIdleTimeout` ms, counted from the response headers (comment
 * lines such as `: keep-alive` do not count as events; time the consumer spends on an event does not
 * count either). Retried only before the first event was delivered.
 */
export class StreamIdleTimeoutError extends APIConnectionError {
  override name = 'StreamIdleTimeoutError';
}
/**
 * A stream was still open after `streamTimeout` ms (the overall deadline of a streaming call, counted
 * from the first attempt). Not retryable: the same request would take as long again.
 */
export class StreamTimeoutError extends APIConnectionError {
  override name = 'StreamTimeoutError';
  override readonly isRetryable: boolean = false;
  /** The deadline that elapsed, ms. */
  readonly timeoutMs: number;
  constructor(timeoutMs: number, options?: { cause?: unknown }) {
    super(`Stream did not finish within streamTimeout (${timeoutMs} ms).`, options);
    this.timeoutMs = timeoutMs;
  }
}
/**
 * A stream ended without its terminator: compatible mode without `data: [DONE]`, native mode without a
 * final event carrying a `finish_reason`. What arrived before is partial; the SDK never retries once an
 * event was delivered, but sending the request again is safe (`isRetryable`).
 */
export class StreamTruncatedError extends APIConnectionError {
  override name = 'StreamTruncatedError';
  /** What the stream lacked: the compatible `[DONE]` line, the native final `finish_reason`, or the Responses API's `response.completed` event. */
  readonly missing: '[DONE]' | 'finish_reason' | 'response.completed';
  /** Events delivered before the stream ended. */
  readonly eventsReceived: number;
  constructor(missing: '[DONE]' | 'finish_reason' | 'response.completed', eventsReceived: number) {
    const what = missing === '[DONE]' ? 'data: [DONE]' : missing === 'finish_reason' ? 'a final finish_reason' : 'a response.completed event';
    super(`Stream ended after ${eventsReceived} events without ${what}; the answer is incomplete.`);
    this.missing = missing;
    this.eventsReceived = eventsReceived;
  }
}
/** The caller's `AbortSignal` fired. Never retried. `cause` is the signal's reason. */
export class APIUserAbortError extends DashScopeError {
  override name = 'APIUserAbortError';
  constructor(message = 'Request was aborted.', options?: { cause?: unknown }) {
    super(message, options);
  }
}
/**
 * A response body (`part: 'body'`) or one server-sent event (`part: 'event'`) grew past the client's cap
 * (`maxResponseBytes` / `maxEventBytes`, default 16 MiB each, the size of DashScope's own request cap).
 * Reading stopped and the connection was closed, so memory stays bounded. Not retryable.
 */
export class ResponseTooLargeError extends DashScopeError {
  override name = 'ResponseTooLargeError';
  /** Which part was over the cap. */
  readonly part: 'body' | 'event';
  /** The cap, bytes. */
  readonly limit: number;
  constructor(part: 'body' | 'event', limit: number) {
    super(
      part === 'body'
        ? `Response body is larger than maxResponseBytes (${limit} bytes); reading stopped.`
        : `A server-sent event is larger than maxEventBytes (${limit} bytes); reading stopped.`,
    );
    this.part = part;
    this.limit = limit;
  }
}
/** A 2xx response did not have the documented shape. `issues` says which fields. */
export class ResponseValidationError extends DashScopeError {
  override name = 'ResponseValidationError';
  readonly issues: string[];
  readonly requestId: string | undefined;
  constructor(message: string, issues: string[], requestId?: string) {
    super(`${message}: ${issues.join('; ')}`);
    this.issues = issues;
    this.requestId = requestId;
  }
}
/** What an {@link InputValidationError} found, beyond the message. */
export interface InputValidationDetails {
  /**
   * The offending value, or the measured quantity when the limit is on a size (a token count in
   * tokens, a number of texts or documents). Secrets are never kept: for `apiKey` this is `'[redacted]'`.
   */
  value?: unknown;
  /** The limit or the allowed values: a number (tokens, items, ms), a range such as `'[0, 2)'`, or a list. */
  limit?: number | string | readonly (string | number)[] | undefined;
}

/**
 * Parameters rejected locally, before any request was sent (empty input, oversize batch, bad
 * dimension, a text over the model's token limit, a model of the wrong kind, bad client options…).
 * `param` names the field, `value` what was given (or measured) and `limit` what is allowed.
 */
export class InputValidationError extends DashScopeError {
  override name = 'InputValidationError';
  /** Dotted path of the offending parameter, e.g. `input[3]` or `dimension`. */
  readonly param: string | undefined;
  /** See {@link InputValidationDetails.value}; `undefined` when the message says it all. */
  readonly value: unknown;
  /** See {@link InputValidationDetails.limit}. */
  readonly limit: number | string | readonly (string | number)[] | undefined;
  constructor(message: string, param?: string, details: InputValidationDetails = {}) {
    super(message);
    this.param = param;
    this.value = details.value;
    this.limit = details.limit;
  }
}

const PERMANENT_429 = /free (allocated )?quota|freetieronly|commoditynotpurchased|billoverdue|arrear/i;
const NON_RETRYABLE_CODES = new Set([
  'InvalidApiKey',
  'invalid_api_key',
  'InvalidParameter',
  'invalid_parameter_error',
  'DataInspectionFailed',
  'data_inspection_failed',
  'Arrearage',
  'AccessDenied',
  'access_denied',
]);

/**
 * Builds the right {@link APIError} subclass from an HTTP status and a DashScope code. The one factory
 * for native bodies, compatible `{error:{...}}` bodies and `event:error` stream events.
 */
export function createAPIError(init: APIErrorInit): APIError {
  const { status, code = '', message } = init;
  const codeRetryable = !NON_RETRYABLE_CODES.has(code);
  if (code === 'DataInspectionFailed' || code === 'data_inspection_failed') return new ContentInspectionError(init, false);
  if (code === 'Arrearage' || /BillOverdue$/.test(code)) return new ArrearsError(init, false);
  if (status === 429 || code.startsWith('Throttling') || code.startsWith('limit_') || code === 'insufficient_quota') {
    const permanent =
      PERMANENT_429.test(code) || (code.includes('AllocationQuota') && PERMANENT_429.test(message)) || code === 'CommodityNotPurchased';
    if (status === 400 && code === 'Throttling.AllocationQuota') return new QuotaExhaustedError(init, false);
    return permanent ? new QuotaExhaustedError(init, false) : new RateLimitError(init, true);
  }
  if (status === 400) {
    if (code.startsWith('InvalidParameter') || code === 'invalid_parameter_error' || code.includes('InvalidParameter'))
      return new InvalidParameterError(init, false);
    return new BadRequestError(init, false);
  }
  if (status === 401) return new AuthenticationError(init, false);
  if (status === 403) return new PermissionDeniedError(init, false);
  if (status === 404) return new NotFoundError(init, false);
  if (status >= 500) {
    const retryable = codeRetryable && code !== 'InternalError.Timeout';
    return new InternalServerError(init, retryable);
  }
  if (status === 408 || status === 409) return new APIError(init, true);
  return new APIError(init, false);
}

/**
 * Parses an error body in either envelope — native `{code, message, request_id}` or compatible
 * `{error: {message, type, code}, request_id | id}` — or plain text, into {@link APIErrorInit} fields.
 */
export function parseErrorBody(body: unknown): Pick<APIErrorInit, 'code' | 'message' | 'requestId'> {
  if (body && typeof body === 'object') {
    const record = body as Record<string, unknown>;
    const requestId = str(record.request_id) ?? str(record.id) ?? str(record.requestId);
    const nested = record.error;
    if (nested && typeof nested === 'object') {
      const error = nested as Record<string, unknown>;
      return {
        code: str(error.code) ?? str(error.type),
        message: str(error.message) ?? 'Unknown error',
        requestId,
      };
    }
    return { code: str(record.code), message: str(record.message) ?? 'Unknown error', requestId };
  }
  const text = typeof body === 'string' ? body.trim() : '';
  return { code: 'Unknown', message: text ? text.slice(0, 500) : 'Unknown error', requestId: undefined };
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
