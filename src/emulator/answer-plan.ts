import { encodeSSE } from '../core/sse.js';
import type { FaultKind } from './fault-kind.js';
import type { ProducedBody } from './parsed-call.js';
import type { ResponsePlan } from './response-plan.js';

/** Text sent by the `garbage-body` fault: neither JSON nor SSE. */
export const GARBAGE_BODY = '\u001f\u008b\u0008<html><body>upstream sent garbage: this is not JSON {"output":';

/** The message of `InternalError`, as DashScope words it (sic). */
export const INTERNAL_ERROR_MESSAGE = 'An internal error has occured, please try again later or contact service support.';

/** What {@link answerPlan} needs besides the body. */
export interface AnswerContext {
  requestId: string;
  /** Pause between SSE events, ms. */
  eventIntervalMs: number;
  /** Length of `stall-mid-body`, ms. */
  stallMs: number;
}

function errorEvent(style: 'native' | 'compatible', id: number, requestId: string): string {
  if (style === 'native') {
    return encodeSSE(
      { id: String(id), event: 'error', status: 500, data: JSON.stringify({ code: 'InternalError', message: INTERNAL_ERROR_MESSAGE, request_id: requestId }) },
      'native',
    );
  }
  const body = { error: { message: INTERNAL_ERROR_MESSAGE, type: 'internal_error', param: null, code: 'internal_error' }, request_id: requestId };
  return encodeSSE({ data: JSON.stringify(body) }, 'compatible');
}

function withPauses(parts: readonly string[], pauseMs: number): (string | number)[] {
  if (pauseMs <= 0) return [...parts];
  return parts.flatMap((part, index) => (index === 0 ? [part] : [pauseMs, part]));
}

/**
 * The response plan of a successful answer, with a body-level fault applied when one was drawn
 * (the faults that replace the answer before it exists, such as 5xx or resets before headers, are
 * decided earlier):
 *
 * - `garbage-body`: a 200 whose body is {@link GARBAGE_BODY}.
 * - `truncated-json`: the first half of the body (JSON or SSE transcript), cleanly ended.
 * - `reset-mid-body`: the first half (whole SSE events), then a connection reset; JSON bodies declare
 *   their full `content-length`, so clients see a premature close.
 * - `stall-mid-body`: the first half, a pause of `stallMs`, then the rest.
 * - `error-event-mid-stream`: half of the events, then an error event (native `event:error` with
 *   `:HTTP_STATUS/500`, compatible `data: {"error":…}`), then the end.
 *
 * SSE events are spaced by `eventIntervalMs`.
 */
export function answerPlan(produced: ProducedBody, fault: FaultKind, context: AnswerContext): ResponsePlan {
  const headers: Record<string, string> =
    produced.type !== 'sse'
      ? { 'content-type': produced.type === 'raw' ? produced.contentType : 'application/json', 'x-request-id': context.requestId }
      : { 'content-type': 'text/event-stream;charset=UTF-8', 'cache-control': 'no-cache', 'x-request-id': context.requestId };
  if (produced.type !== 'sse') {
    const text = produced.type === 'raw' ? produced.text : JSON.stringify(produced.body);
    const half = text.slice(0, Math.floor(text.length / 2));
    const declared = () => String(new TextEncoder().encode(text).byteLength);
    switch (fault) {
      case 'garbage-body':
        return { status: 200, headers, steps: [GARBAGE_BODY], ending: 'end' };
      case 'truncated-json':
        return { status: 200, headers, steps: [half], ending: 'end' };
      case 'reset-mid-body':
        return { status: 200, headers: { ...headers, 'content-length': declared() }, steps: [half], ending: 'reset' };
      case 'stall-mid-body':
        return { status: 200, headers: { ...headers, 'content-length': declared() }, steps: [half, context.stallMs, text.slice(half.length)], ending: 'end' };
      default:
        return { status: 200, headers, steps: [text], ending: 'end' };
    }
  }
  const events = produced.events;
  const cut = Math.max(1, Math.ceil(events.length / 2));
  switch (fault) {
    case 'garbage-body':
      return { status: 200, headers, steps: [GARBAGE_BODY], ending: 'end' };
    case 'truncated-json': {
      const text = events.join('');
      return { status: 200, headers, steps: [text.slice(0, Math.floor(text.length / 2))], ending: 'end' };
    }
    case 'reset-mid-body':
      return { status: 200, headers, steps: withPauses(events.slice(0, cut), context.eventIntervalMs), ending: 'reset' };
    case 'stall-mid-body':
      return {
        status: 200,
        headers,
        steps: [...withPauses(events.slice(0, cut), context.eventIntervalMs), context.stallMs, ...withPauses(events.slice(cut), context.eventIntervalMs)],
        ending: 'end',
      };
    case 'error-event-mid-stream':
      return {
        status: 200,
        headers,
        steps: withPauses([...events.slice(0, cut), errorEvent(produced.style, cut + 1, context.requestId)], context.eventIntervalMs),
        ending: 'end',
      };
    default:
      return { status: 200, headers, steps: withPauses(events, context.eventIntervalMs), ending: 'end' };
  }
}
