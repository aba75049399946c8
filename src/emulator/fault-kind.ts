/**
 * Every fault the emulator can inject, by name (the names are used in `faults.sequence`, in
 * `faults.kinds` weights, in stats and over the admin path):
 *
 * - `ok`: no fault (a placeholder in scripted sequences).
 * - `429`: 429 `Throttling.RateQuota` (compatible: `limit_requests`), as if the RPM/RPS limit tripped.
 * - `429-allocation`: 429 `Throttling.AllocationQuota` (compatible: `insufficient_quota`), the TPM/TPS limit.
 * - `500`: 500 `InternalError`; `503`: 503 `ModelServingError` (capacity).
 * - `502`, `504`: a gateway answer with a plain-text body (not JSON), as an ingress proxy sends it.
 * - `reset-before-headers`: the connection is reset before any byte of the response.
 * - `empty-response`: the connection is closed cleanly before any byte of the response.
 * - `reset-mid-body`: status and headers and part of the body are sent, then the connection is reset.
 * - `stall`: nothing is sent for `faults.stallMs`, then the normal response.
 * - `stall-mid-body`: status, headers and part of the body, then nothing for `faults.stallMs`, then the rest.
 * - `garbage-body`: a 200 whose body is not JSON (or, for streams, not SSE).
 * - `truncated-json`: a 200 whose JSON body is cut in half (complete HTTP framing, invalid JSON).
 * - `error-event-mid-stream`: some events, then an error event (native `event:error` with
 *   `:HTTP_STATUS/500`; compatible `data: {"error":…}`), then the end. On a non-streaming call it
 *   behaves as `500`.
 *
 * Over the in-process `fetch` there is no socket: resets and empty responses surface as a rejected
 * promise (before headers) or an errored body stream (mid-body), as undici reports them.
 */
export type FaultKind =
  | 'ok'
  | '429'
  | '429-allocation'
  | '500'
  | '502'
  | '503'
  | '504'
  | 'reset-before-headers'
  | 'empty-response'
  | 'reset-mid-body'
  | 'stall'
  | 'stall-mid-body'
  | 'garbage-body'
  | 'truncated-json'
  | 'error-event-mid-stream';

/** The fault names in documentation order (used to validate configuration). */
export const FAULT_KINDS: readonly FaultKind[] = [
  'ok',
  '429',
  '429-allocation',
  '500',
  '502',
  '503',
  '504',
  'reset-before-headers',
  'empty-response',
  'reset-mid-body',
  'stall',
  'stall-mid-body',
  'garbage-body',
  'truncated-json',
  'error-event-mid-stream',
];
