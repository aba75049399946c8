import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIUserAbortError, createAPIError } from './errors.js';
import { RETRY_DELAYS, isRetryableError, retryDelayMs, retryHintMs } from './retry.js';

const throttle = createAPIError({ status: 429, code: 'Throttling.RateQuota', message: 'limit', requestId: undefined, body: {} });
const serverError = createAPIError({ status: 500, code: 'InternalError', message: 'x', requestId: undefined, body: {} });

function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('retryDelayMs', () => {
  it('keeps transient delays within min(0.5 s × 2^n, 8 s) minus at most 25 % over 10,000 samples', () => {
    const random = seeded(7);
    for (let sample = 0; sample < 10_000; sample++) {
      const retryIndex = sample % 6;
      const ceiling = Math.min(RETRY_DELAYS.initialMs * 2 ** retryIndex, RETRY_DELAYS.maxMs);
      const delay = retryDelayMs(serverError, retryIndex, random);
      expect(delay).toBeGreaterThan(ceiling * 0.75 - 1e-9);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
  });

  it('waits longer for throttling: 1.5-2 s first, capped at 30 s', () => {
    const random = seeded(11);
    for (let sample = 0; sample < 10_000; sample++) {
      const retryIndex = sample % 8;
      const ceiling = Math.min(RETRY_DELAYS.throttleInitialMs * 2 ** retryIndex, RETRY_DELAYS.throttleMaxMs);
      const delay = retryDelayMs(throttle, retryIndex, random);
      expect(delay).toBeGreaterThan(ceiling * 0.75 - 1e-9);
      expect(delay).toBeLessThanOrEqual(ceiling);
    }
    expect(retryDelayMs(throttle, 0, () => 0)).toBe(2_000);
  });

  it('obeys a server hint over the schedule', () => {
    const hinted = createAPIError({
      status: 429,
      code: 'Throttling',
      message: 'x',
      requestId: undefined,
      body: {},
      headers: new Headers({ 'retry-after-ms': '120' }),
    });
    expect(retryDelayMs(hinted, 3)).toBe(120);
  });
});

describe('retryHintMs', () => {
  it('reads retry-after-ms as float milliseconds first', () => {
    expect(retryHintMs(new Headers({ 'retry-after-ms': '12.5', 'retry-after': '9' }))).toBe(12.5);
  });

  it('reads Retry-After seconds', () => {
    expect(retryHintMs(new Headers({ 'retry-after': '3' }))).toBe(3_000);
  });

  it('reads Retry-After as an HTTP date', () => {
    const now = Date.parse('2026-11-22T00:00:00Z');
    expect(retryHintMs(new Headers({ 'retry-after': 'Sun, 22 Nov 2026 00:00:05 GMT' }), now)).toBe(5_000);
  });

  it('ignores negative, malformed and over-60-second hints', () => {
    expect(retryHintMs(new Headers({ 'retry-after': '-1' }))).toBeUndefined();
    expect(retryHintMs(new Headers({ 'retry-after': 'soon' }))).toBeUndefined();
    expect(retryHintMs(new Headers({ 'retry-after': '61' }))).toBeUndefined();
    expect(retryHintMs(undefined)).toBeUndefined();
  });
});

describe('isRetryableError', () => {
  it('retries connection errors and retryable API errors only', () => {
    expect(isRetryableError(new APIConnectionError())).toBe(true);
    expect(isRetryableError(throttle)).toBe(true);
    expect(isRetryableError(new APIUserAbortError())).toBe(false);
    expect(isRetryableError(new Error('other'))).toBe(false);
  });
});
