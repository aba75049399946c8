import { APIError, DashScopeError, RateLimitError } from './errors.js';

/** Backoff constants (ms). Transient: openai-node's 0.5 s → 8 s; throttling: a 2 s floor growing to 30 s. */
export const RETRY_DELAYS = {
  initialMs: 500,
  maxMs: 8_000,
  throttleInitialMs: 2_000,
  throttleMaxMs: 30_000,
  /** Server hints (`retry-after-ms`, `Retry-After`) above this are ignored in favour of our own schedule. */
  maxHintMs: 60_000,
  /** Share of the delay removed at random (subtractive jitter): delay × (1 − U[0, jitter)). */
  jitter: 0.25,
} as const;

/**
 * Whether an error may be retried by the client's retry layer: connection errors and timeouts, 408, 409,
 * 429 throttling (not free-quota or billing 429s), ≥ 500 (not `InternalError.Timeout`). Never user aborts,
 * `InvalidApiKey`, `InvalidParameter`, `DataInspectionFailed`, `Arrearage`, `AccessDenied`, stream deadlines
 * or over-cap responses. Reads each class's `isRetryable`; anything that is not a `DashScopeError` is final.
 */
export function isRetryableError(error: unknown): boolean {
  return error instanceof DashScopeError && error.isRetryable;
}

/**
 * Parses a server retry hint: `retry-after-ms` (float ms), else `Retry-After` as seconds or an HTTP date.
 * @returns the delay in ms, or `undefined` when absent, invalid, negative or above {@link RETRY_DELAYS.maxHintMs}.
 */
export function retryHintMs(headers: Headers | undefined, nowMs: number = Date.now()): number | undefined {
  if (!headers) return undefined;
  let hint: number | undefined;
  const milliseconds = headers.get('retry-after-ms');
  if (milliseconds !== null && milliseconds.trim() !== '') {
    const value = Number(milliseconds);
    if (Number.isFinite(value)) hint = value;
  }
  const retryAfter = hint === undefined ? headers.get('retry-after') : null;
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds)) hint = seconds * 1000;
    else {
      const date = Date.parse(retryAfter);
      if (Number.isFinite(date)) hint = date - nowMs;
    }
  }
  if (hint === undefined || hint < 0 || hint > RETRY_DELAYS.maxHintMs) return undefined;
  return hint;
}

/**
 * Delay before retry number `retryIndex` (0 for the first retry), in ms. A valid server hint wins;
 * otherwise exponential backoff with subtractive jitter, on the longer throttling schedule for 429s
 * (DashScope sends no Retry-After and its quotas recover within a minute).
 */
export function retryDelayMs(error: unknown, retryIndex: number, random: () => number = Math.random): number {
  const hint = error instanceof APIError ? retryHintMs(error.headers) : undefined;
  if (hint !== undefined) return hint;
  const throttled = error instanceof RateLimitError;
  const initial = throttled ? RETRY_DELAYS.throttleInitialMs : RETRY_DELAYS.initialMs;
  const max = throttled ? RETRY_DELAYS.throttleMaxMs : RETRY_DELAYS.maxMs;
  const base = Math.min(initial * 2 ** retryIndex, max);
  return base * (1 - random() * RETRY_DELAYS.jitter);
}
