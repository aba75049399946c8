import { AttemptController, sleep } from './abort.js';
import { checkRequestOptions } from './check-options.js';
import { checkRequestSize } from './check-request-size.js';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  DashScopeError,
  ResponseTooLargeError,
  StreamIdleTimeoutError,
  StreamTimeoutError,
  StreamTruncatedError,
  createAPIError,
  parseErrorBody,
} from './errors.js';
import type { RequestOptions } from './request-options.js';
import { isRetryableError, retryDelayMs } from './retry.js';
import { SSEDecoder, type SSEEvent } from './sse.js';

/** Resolved client settings the transport needs. The API key lives only here and in the header. */
export interface TransportConfig {
  readonly origin: string;
  readonly fetch: typeof fetch;
  /** Per-attempt timeout, ms. */
  readonly timeout: number;
  /** Stream idle timeout, ms: longest wait for an event, from the headers on. */
  readonly streamIdleTimeout: number;
  /** Overall deadline of a streaming call, ms, from its first attempt. */
  readonly streamTimeout: number;
  /** Largest response body read, bytes (non-streaming bodies and error bodies). */
  readonly maxResponseBytes: number;
  /** Largest single server-sent event read, bytes. */
  readonly maxEventBytes: number;
  readonly maxRetries: number;
  /** Headers sent on every call (Authorization included). */
  readonly headers: () => Record<string, string>;
}

/** One call: path relative to the origin, JSON body (or a multipart `FormData`), and whether the response is SSE. */
export interface CallSpec {
  path: string;
  /** Sent as JSON, or as `multipart/form-data` when a `FormData` (the runtime sets the boundary). */
  body: unknown;
  /**
   * `native` streams add `X-DashScope-SSE: enable`; `compatible` streams end at `[DONE]`; `events` streams
   * (the Responses API) have neither: the resource tells a complete stream by its last event.
   */
  stream?: 'native' | 'compatible' | 'events' | undefined;
  method?: 'POST' | 'GET' | 'DELETE' | undefined;
}

/** An open stream of parsed SSE payloads. Errors inside the stream are thrown as {@link APIError}s. */
export interface EventStream {
  /** Parsed `data` JSON of each event, in order. Iterate once. */
  readonly events: AsyncGenerator<unknown, void, undefined>;
  /** Headers of the HTTP response. */
  readonly headers: Headers;
}

const ATTEMPT_HEADER = 'x-dashscope-kit-retry-count';

/**
 * Serializes a call's body once for all its attempts and refuses it when the gateway would answer 413
 * ({@link checkRequestSize}).
 */
function serializeBody(spec: CallSpec): string | FormData | undefined {
  if (spec.body === undefined) return undefined;
  if (typeof FormData !== 'undefined' && spec.body instanceof FormData) return spec.body;
  const json = JSON.stringify(spec.body);
  checkRequestSize(json);
  return json;
}

/**
 * Sends a JSON request with the retry policy and returns the parsed JSON body.
 * @throws InputValidationError for bad per-call options or a body over the gateway's size caps (before
 *   sending); APIError subclasses, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError.
 */
export async function requestJSON(config: TransportConfig, spec: CallSpec, options: RequestOptions = {}): Promise<{ body: unknown; headers: Headers }> {
  checkRequestOptions(options);
  const payload = serializeBody(spec);
  return withRetries(config, options, async (attempt, retryCount) => {
    const response = await send(config, spec, payload, options, attempt, retryCount);
    const text = await readText(response, attempt, config.maxResponseBytes);
    const body = parseJSON(text);
    if (!response.ok) throw errorFromResponse(response, body ?? text);
    if (body === undefined) throw new APIConnectionError(`Response body was not valid JSON (${text.length} bytes).`, { cause: new SyntaxError('Response body is not JSON.') });
    const inBandError = inBandErrorOf(body, response.status, response.headers);
    if (inBandError) throw inBandError;
    return { body, headers: response.headers };
  });
}

/**
 * Opens an SSE request. Retries (per the policy) until the first event has arrived; once the first event
 * is handed to the caller, nothing is retried. An `event:error` (native) or `{"error":...}` (compatible)
 * event is thrown from the iterator as an {@link APIError}; `[DONE]` ends the stream.
 *
 * Every stream settles: from the response headers on, the idle timer (`streamIdleTimeout`) measures
 * the wait for the next event (comment lines do not reset it; time the consumer spends does not count);
 * `streamTimeout` bounds the whole call from its first attempt; an event over `maxEventBytes` stops the
 * read; a compatible stream that ends without `[DONE]` throws {@link StreamTruncatedError}.
 *
 * @throws InputValidationError for bad per-call options or a body over the gateway's size caps (before
 *   sending); APIError subclasses, APIConnectionError, APIConnectionTimeoutError, StreamIdleTimeoutError,
 *   StreamTimeoutError, StreamTruncatedError, ResponseTooLargeError, APIUserAbortError (from the call or the iterator).
 */
export async function requestEventStream(config: TransportConfig, spec: CallSpec, options: RequestOptions = {}): Promise<EventStream> {
  checkRequestOptions(options);
  const payload = serializeBody(spec);
  const idleMs = options.streamIdleTimeout ?? config.streamIdleTimeout;
  const deadlineMs = options.streamTimeout ?? config.streamTimeout;
  const deadlineAt = Date.now() + deadlineMs;
  const reading: StreamReading = { idleMs, maxEventBytes: config.maxEventBytes, needsDone: spec.stream === 'compatible' };
  return withRetries(config, options, async (attempt, retryCount) => {
    if (Date.now() >= deadlineAt) throw new StreamTimeoutError(deadlineMs);
    attempt.armDeadline(deadlineAt - Date.now(), deadlineMs);
    const response = await send(config, spec, payload, options, attempt, retryCount);
    if (!response.ok) {
      const text = await readText(response, attempt, config.maxResponseBytes);
      throw errorFromResponse(response, parseJSON(text) ?? text);
    }
    if (!response.body) throw new APIConnectionError('Stream response had no body.');
    const iterator = iterateEvents(response.body, attempt, reading);
    const first = await iterator.next();
    if (first.done) throw new APIConnectionError('Stream ended before its first event.');
    return { events: prepend(first, iterator, attempt), headers: response.headers };
  }, { keepAttemptOpen: true });
}

/**
 * Sends a request and returns the successful `Response` with its body unread, for downloads the caller
 * streams (file contents). Retries (per the policy) until response headers with a 2xx status arrive;
 * error statuses are read (up to `maxResponseBytes`) and thrown as {@link APIError}s. The per-attempt
 * timeout covers the headers only; the caller's `signal` still aborts the body while it is read.
 *
 * @throws InputValidationError for bad per-call options; APIError subclasses, APIConnectionError,
 *   APIConnectionTimeoutError, APIUserAbortError.
 */
export async function requestRaw(config: TransportConfig, spec: CallSpec, options: RequestOptions = {}): Promise<Response> {
  checkRequestOptions(options);
  const payload = serializeBody(spec);
  return withRetries(
    config,
    options,
    async (attempt, retryCount) => {
      const response = await send(config, spec, payload, options, attempt, retryCount, '*/*');
      if (!response.ok) {
        const text = await readText(response, attempt, config.maxResponseBytes);
        throw errorFromResponse(response, parseJSON(text) ?? text);
      }
      attempt.disarm();
      return response;
    },
    { keepAttemptOpen: true },
  );
}

/** How {@link iterateEvents} reads one stream. */
interface StreamReading {
  /** Longest wait for an event, ms. */
  idleMs: number;
  maxEventBytes: number;
  /** Compatible mode: the stream must end with `data: [DONE]`. */
  needsDone: boolean;
}

async function withRetries<T>(
  config: TransportConfig,
  options: RequestOptions,
  run: (attempt: AttemptController, retryCount: number) => Promise<T>,
  behaviour: { keepAttemptOpen?: boolean } = {},
): Promise<T> {
  const maxRetries = options.maxRetries ?? config.maxRetries;
  for (let retryCount = 0; ; retryCount++) {
    if (options.signal?.aborted) throw new APIUserAbortError(undefined, { cause: options.signal.reason });
    const attempt = new AttemptController(options.signal);
    attempt.arm(options.timeout ?? config.timeout, 'timeout');
    let handedOff = false;
    try {
      const result = await run(attempt, retryCount);
      handedOff = behaviour.keepAttemptOpen === true;
      return result;
    } catch (caught) {
      const error = classify(caught, attempt);
      if (retryCount >= maxRetries || !isRetryableError(error)) throw error;
      await sleep(retryDelayMs(error, retryCount), options.signal);
    } finally {
      if (!handedOff) attempt.dispose();
    }
  }
}

async function send(
  config: TransportConfig,
  spec: CallSpec,
  payload: string | FormData | undefined,
  options: RequestOptions,
  attempt: AttemptController,
  retryCount: number,
  accept = spec.stream ? 'text/event-stream' : 'application/json',
): Promise<Response> {
  const headers: Record<string, string> = {
    ...config.headers(),
    accept,
    [ATTEMPT_HEADER]: String(retryCount),
    ...options.headers,
  };
  if (typeof payload === 'string') headers['content-type'] = 'application/json';
  if (spec.stream === 'native') headers['x-dashscope-sse'] = 'enable';
  const init: RequestInit = { method: spec.method ?? 'POST', headers, signal: attempt.signal };
  if (payload !== undefined) init.body = payload;
  return config.fetch(config.origin + spec.path, init);
}

/**
 * Reads a body as UTF-8 text, at most `maxBytes` bytes: a larger `content-length`, or more bytes than
 * that arriving, cancels the body and throws {@link ResponseTooLargeError}.
 */
async function readText(response: Response, attempt: AttemptController, maxBytes: number): Promise<string> {
  const body = response.body;
  if (!body) return '';
  const declared = Number(response.headers.get('content-length') ?? Number.NaN);
  if (declared > maxBytes && response.headers.get('content-encoding') === null) {
    await body.cancel().catch(() => undefined);
    throw new ResponseTooLargeError('body', maxBytes);
  }
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      bytes += value.byteLength;
      if (bytes > maxBytes) throw new ResponseTooLargeError('body', maxBytes);
      text += decoder.decode(value, { stream: true });
    }
  } catch (caught) {
    await reader.cancel().catch(() => undefined);
    throw classify(caught, attempt);
  } finally {
    reader.releaseLock();
  }
}

function parseJSON(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorFromResponse(response: Response, body: unknown): APIError {
  return createAPIError({ status: response.status, ...parseErrorBody(body), body, headers: response.headers });
}

/** A 200 body that is really an error (`{code, message}` and no payload), as DashScope's gateway sometimes sends. */
function inBandErrorOf(body: unknown, status: number, headers: Headers): APIError | undefined {
  if (!body || typeof body !== 'object') return undefined;
  const record = body as Record<string, unknown>;
  const hasPayload = 'output' in record || 'data' in record || 'results' in record || 'choices' in record;
  if (hasPayload) return undefined;
  if ('error' in record && record.error && typeof record.error === 'object') {
    return createAPIError({ status: status >= 400 ? status : 500, ...parseErrorBody(body), body, headers });
  }
  if (typeof record.code === 'string' && record.code !== '' && typeof record.message === 'string') {
    return createAPIError({ status: status >= 400 ? status : 400, ...parseErrorBody(body), body, headers });
  }
  return undefined;
}

function classify(caught: unknown, attempt: AttemptController): unknown {
  if (caught instanceof DashScopeError) return caught;
  if (attempt.reason === 'user') return new APIUserAbortError(undefined, { cause: caught });
  if (attempt.reason === 'timeout') return new APIConnectionTimeoutError(undefined, { cause: caught });
  if (attempt.reason === 'idle') return new StreamIdleTimeoutError('Stream delivered no event within streamIdleTimeout.', { cause: caught });
  if (attempt.reason === 'deadline') return new StreamTimeoutError(attempt.deadlineMs, { cause: caught });
  if (caught instanceof SyntaxError) return new APIConnectionError(`Malformed stream event: ${caught.message}`, { cause: caught });
  return new APIConnectionError(describeCause(caught), { cause: caught });
}

function describeCause(caught: unknown): string {
  const cause = caught instanceof Error && caught.cause instanceof Error ? caught.cause : caught;
  const code = cause && typeof cause === 'object' && 'code' in cause ? ` (${String((cause as { code: unknown }).code)})` : '';
  return `Connection error${code}.`;
}

async function* iterateEvents(body: ReadableStream<Uint8Array>, attempt: AttemptController, reading: StreamReading): AsyncGenerator<unknown, void, undefined> {
  const reader = body.getReader();
  const decoder = new SSEDecoder({ maxEventBytes: reading.maxEventBytes });
  let finished = false;
  let delivered = 0;
  let received = 0;
  attempt.arm(reading.idleMs, 'idle');
  try {
    for (;;) {
      const { done, value } = await reader.read();
      received += value?.byteLength ?? 0;
      const events = done ? decoder.end() : decoder.push(value);
      if (events.length > 0) attempt.disarm();
      for (const event of events) {
        const payload = payloadOf(event, attempt);
        if (payload === DONE) {
          finished = true;
          return;
        }
        delivered++;
        yield payload;
      }
      if (done) {
        finished = true;
        if (reading.needsDone && delivered > 0) throw new StreamTruncatedError('[DONE]', delivered);
        if (delivered === 0 && received > 0) {
          throw new APIConnectionError(`Stream body was not server-sent events (${received} bytes, no event).`, { cause: new SyntaxError('No server-sent event in the body.') });
        }
        return;
      }
      if (events.length > 0) attempt.arm(reading.idleMs, 'idle');
    }
  } catch (caught) {
    throw classify(caught, attempt);
  } finally {
    attempt.dispose();
    if (!finished) {
      attempt.cancel();
      await reader.cancel().catch(() => undefined);
    }
    reader.releaseLock();
  }
}

const DONE = Symbol('done');

function payloadOf(event: SSEEvent, attempt: AttemptController): unknown {
  if (event.data === '[DONE]') return DONE;
  let payload: unknown;
  try {
    payload = JSON.parse(event.data);
  } catch (caught) {
    throw classify(caught, attempt);
  }
  const isErrorEvent = event.event === 'error' || (event.status !== undefined && event.status >= 400);
  const record = payload && typeof payload === 'object' ? (payload as Record<string, unknown>) : undefined;
  if (isErrorEvent || (record && 'error' in record && record.error)) {
    const status = event.status !== undefined && event.status >= 400 ? event.status : 500;
    throw createAPIError({ status, ...parseErrorBody(payload), body: payload });
  }
  return payload;
}

async function* prepend(
  first: IteratorResult<unknown, void>,
  rest: AsyncGenerator<unknown, void, undefined>,
  attempt: AttemptController,
): AsyncGenerator<unknown, void, undefined> {
  try {
    if (first.done) return;
    yield first.value;
    yield* rest;
  } finally {
    await rest.return(undefined);
    attempt.dispose();
  }
}
