import { InputValidationError } from './errors.js';
import type { RequestOptions } from './request-options.js';

/** setTimeout's ceiling: larger delays fire at once (Node warns and uses 1 ms), so they are refused. */
const MAX_DELAY_MS = 2_147_483_647;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const PROTOCOLS = ['native', 'compatible'] as const;

function fail(where: string, message: string, value: unknown, limit?: InputValidationError['limit']): never {
  throw new InputValidationError(`${where} ${message}`, where, { value, limit });
}

function checkMs(where: string, value: unknown): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_DELAY_MS) {
    fail(where, `must be a number of milliseconds in (0, ${MAX_DELAY_MS}] (got ${String(value)}).`, value, `(0, ${MAX_DELAY_MS}]`);
  }
}

function checkCount(where: string, value: unknown, min: number): void {
  if (value === undefined) return;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    fail(where, `must be an integer ≥ ${min} (got ${String(value)}).`, value, `≥ ${min}`);
  }
}

/** A header value fetch can send: a ByteString (code points ≤ 0xFF) without CR, LF or NUL. */
function badHeaderChar(value: string): number {
  for (let index = 0; index < value.length; index++) {
    const code = value.charCodeAt(index);
    if (code > 0xff || code === 0 || code === 10 || code === 13) return index;
  }
  return -1;
}

function checkHeaders(where: string, headers: unknown): void {
  if (headers === undefined) return;
  if (!headers || typeof headers !== 'object' || Array.isArray(headers)) fail(where, 'must be an object of header names to strings.', headers);
  for (const [name, value] of Object.entries(headers)) {
    if (!HEADER_NAME.test(name)) fail(`${where}.${name}`, 'is not a valid HTTP header name.', name);
    if (typeof value !== 'string') fail(`${where}.${name}`, `must be a string (got ${typeof value}).`, value);
    const at = badHeaderChar(value);
    if (at >= 0) fail(`${where}.${name}`, `has a character an HTTP header cannot carry at position ${at}.`, value);
  }
}

function checkSignal(signal: unknown): void {
  if (signal === undefined) return;
  const candidate = signal as { aborted?: unknown; addEventListener?: unknown } | null;
  if (!candidate || typeof candidate.aborted !== 'boolean' || typeof candidate.addEventListener !== 'function') {
    fail('signal', 'must be an AbortSignal.', signal);
  }
}

/**
 * Refuses a wire protocol other than `native` or `compatible` (client option or per-call param).
 * @param value the given protocol; `undefined` passes (the default applies).
 * @throws InputValidationError (`param: 'protocol'`, the value, `limit`: the two protocols).
 */
export function checkProtocol(value: unknown): void {
  if (value !== undefined && !PROTOCOLS.includes(value as never)) {
    fail('protocol', `must be "native" or "compatible" (got ${JSON.stringify(value)}).`, value, PROTOCOLS);
  }
}

/**
 * Checks the per-call {@link RequestOptions} (the second argument of every resource method) before
 * anything is sent: `timeout`, `streamIdleTimeout`, `streamTimeout` are milliseconds in
 * (0, 2 147 483 647]; `maxRetries` an integer ≥ 0; `signal` an `AbortSignal`; `headers` strings an
 * HTTP header can carry.
 *
 * @throws InputValidationError naming the option, the value and the allowed range.
 */
export function checkRequestOptions(options: RequestOptions | undefined): void {
  if (options === undefined) return;
  if (!options || typeof options !== 'object') fail('options', 'must be an object of request options.', options);
  checkMs('timeout', options.timeout);
  checkMs('streamIdleTimeout', options.streamIdleTimeout);
  checkMs('streamTimeout', options.streamTimeout);
  checkCount('maxRetries', options.maxRetries, 0);
  checkSignal(options.signal);
  checkHeaders('headers', options.headers);
}

/** The client options {@link checkClientOptions} looks at (a structural slice of `ClientOptions`). */
export interface CheckedClientOptions {
  apiKey?: unknown;
  region?: unknown;
  baseURL?: unknown;
  workspace?: unknown;
  timeout?: unknown;
  streamIdleTimeout?: unknown;
  streamTimeout?: unknown;
  maxResponseBytes?: unknown;
  maxEventBytes?: unknown;
  maxRetries?: unknown;
  fetch?: unknown;
  defaultHeaders?: unknown;
  dataInspection?: unknown;
  protocol?: unknown;
}

/**
 * Checks the `DashScope` constructor's options (after environment fallbacks) so that a bad option fails
 * at construction, not as a confusing network error later: the API key must be printable ASCII without
 * spaces (a non-ASCII key cannot be sent in the `Authorization` header; the key itself never appears in
 * the error), `protocol` is `native` or `compatible`, timeouts are milliseconds in (0, 2 147 483 647],
 * `maxRetries` an integer ≥ 0, byte caps integers ≥ 1, `fetch` a function, headers sendable.
 *
 * @throws InputValidationError naming the option, the value (`'[redacted]'` for the key) and the limit.
 */
export function checkClientOptions(options: CheckedClientOptions, apiKey: unknown): void {
  if (typeof apiKey !== 'string') fail('apiKey', `must be a string (got ${typeof apiKey}).`, '[redacted]');
  for (let index = 0; index < apiKey.length; index++) {
    const code = apiKey.charCodeAt(index);
    if (code <= 0x20 || code >= 0x7f) {
      const what = code > 0x7f ? 'a non-ASCII character' : code === 0x20 ? 'a space' : 'a control character';
      fail('apiKey', `has ${what} at position ${index}; keys are printable ASCII (check for a pasted quote, space or line break).`, '[redacted]', 'printable ASCII');
    }
  }
  checkProtocol(options.protocol);
  for (const key of ['region', 'baseURL'] as const) {
    if (options[key] !== undefined && typeof options[key] !== 'string') fail(key, `must be a string (got ${typeof options[key]}).`, options[key]);
  }
  if (options.workspace !== undefined) {
    if (typeof options.workspace !== 'string' || !/^[\x21-\x7e]+$/.test(options.workspace)) {
      fail('workspace', 'must be a workspace id of printable ASCII characters (as shown in the Model Studio console).', options.workspace);
    }
  }
  checkMs('timeout', options.timeout);
  checkMs('streamIdleTimeout', options.streamIdleTimeout);
  checkMs('streamTimeout', options.streamTimeout);
  checkCount('maxRetries', options.maxRetries, 0);
  checkCount('maxResponseBytes', options.maxResponseBytes, 1);
  checkCount('maxEventBytes', options.maxEventBytes, 1);
  if (options.fetch !== undefined && typeof options.fetch !== 'function') fail('fetch', 'must be a fetch function.', options.fetch);
  checkHeaders('defaultHeaders', options.defaultHeaders);
  const inspection = options.dataInspection;
  if (inspection !== undefined && typeof inspection !== 'boolean') {
    if (typeof inspection !== 'string' || badHeaderChar(inspection) >= 0) fail('dataInspection', 'must be true, false or a header string.', inspection);
  }
}
