import { describe, expect, it } from 'vitest';
import { createRateLimiter } from './rate-limiter.js';

function fakeClock(start = 999_999_960_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

describe('createRateLimiter', () => {
  it('enforces rpm / 60 requests per second with Throttling.RateQuota', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(() => ({ rpm: 120 }), clock.now);
    expect(limiter.admit('m', 1)).toEqual({ allowed: true });
    expect(limiter.admit('m', 1)).toEqual({ allowed: true });
    expect(limiter.admit('m', 1)).toEqual({ allowed: false, code: 'Throttling.RateQuota', retryAfterMs: 1_000 });
    clock.advance(1_000);
    expect(limiter.admit('m', 1)).toEqual({ allowed: true });
  });

  it('enforces the per-minute request count across seconds', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(() => ({ rpm: 3 }), clock.now);
    for (let second = 0; second < 3; second++) {
      expect(limiter.admit('m', 1).allowed).toBe(true);
      clock.advance(1_000);
    }
    expect(limiter.admit('m', 1)).toEqual({ allowed: false, code: 'Throttling.RateQuota', retryAfterMs: 57_000 });
    clock.advance(57_000);
    expect(limiter.admit('m', 1).allowed).toBe(true);
  });

  it('answers token overruns with Throttling.AllocationQuota, counting tokens added after admission', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(() => ({ tpm: 6_000 }), clock.now);
    expect(limiter.admit('m', 60).allowed).toBe(true);
    limiter.addTokens('m', 30);
    expect(limiter.admit('m', 20)).toEqual({ allowed: false, code: 'Throttling.AllocationQuota', retryAfterMs: 1_000 });
    expect(limiter.admit('m', 10).allowed).toBe(true);
  });

  it('admits one oversized request into an empty window instead of locking it out', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter(() => ({ tpm: 600 }), clock.now);
    expect(limiter.admit('m', 5_000).allowed).toBe(true);
    expect(limiter.admit('m', 1).allowed).toBe(false);
  });

  it('keeps models apart and leaves models without limits alone', () => {
    const clock = fakeClock();
    const limiter = createRateLimiter((model) => (model === 'limited' ? { rpm: 60 } : undefined), clock.now);
    expect(limiter.admit('limited', 1).allowed).toBe(true);
    expect(limiter.admit('limited', 1).allowed).toBe(false);
    expect(limiter.admit('other', 1).allowed).toBe(true);
    expect(limiter.admit('free', 1_000_000).allowed).toBe(true);
    limiter.reset();
    expect(limiter.admit('limited', 1).allowed).toBe(true);
  });
});
