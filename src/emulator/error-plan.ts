import { encodeSSE } from '../core/sse.js';
import type { Protocol } from '../models/model-info.js';
import type { EndpointKind } from './emulator-options.js';
import { renderError } from './render-error.js';
import { jsonPlan, type ResponsePlan } from './response-plan.js';
import type { WireError } from './wire-error.js';

/** Where and how an error is answered. */
export interface ErrorContext {
  protocol: Protocol;
  endpoint: EndpointKind | undefined;
  requestId: string;
  /** A native SSE call: the error becomes an `event:error` inside HTTP 200 (protocol reference §9.3). */
  nativeStream: boolean;
  /** Send `Retry-After` / `retry-after-ms` on 429s. */
  retryHints: boolean;
}

/**
 * The response plan for a {@link WireError}: the protocol's error envelope ({@link renderError}) with
 * its HTTP status, or for native streaming calls a single `event:error` with `:HTTP_STATUS/<status>`
 * inside an HTTP 200 `text/event-stream`, written by the SDK's `encodeSSE`. 429s carry `Retry-After`
 * (whole seconds, rounded up) and `retry-after-ms` only when hints are on.
 */
export function errorPlan(error: WireError, context: ErrorContext): ResponsePlan {
  const { status, body } = renderError(error, context.protocol, context.endpoint, context.requestId);
  const headers: Record<string, string> = { 'x-request-id': context.requestId };
  if (context.retryHints && error.status === 429 && error.retryAfterMs !== undefined) {
    headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterMs / 1000)));
    headers['retry-after-ms'] = String(Math.ceil(error.retryAfterMs));
  }
  if (!context.nativeStream) return jsonPlan(status, body, headers);
  return {
    status: 200,
    headers: { 'content-type': 'text/event-stream;charset=UTF-8', 'cache-control': 'no-cache', ...headers },
    steps: [encodeSSE({ id: '1', event: 'error', status, data: JSON.stringify(body) }, 'native')],
    ending: 'end',
  };
}
