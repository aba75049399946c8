import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../test-support/manual-clock.js';
import { type Permit, RateLimiter } from './rate-limiter.js';

function track(promise: Promise<Permit>) {
  const result: { permit?: Permit; error?: unknown } = {};
  promise.then(
    (permit) => {
      result.permit = permit;
    },
    (error: unknown) => {
      result.error = error;
    },
  );
  return result;
}

describe('RateLimiter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('paces a known RPM evenly at one request per 1/RPS seconds', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, headroom: 0, limits: { m: { rpm: 600 } } });
    const admittedAt: number[] = [];
    for (let index = 0; index < 5; index += 1) {
      void limiter.acquire({ model: 'm' }).then((permit) => admittedAt.push(permit.acquiredAt));
    }
    await clock.advanceBy(1000);
    expect(admittedAt).toEqual([0, 100, 200, 300, 400]);
  });

  it('holds back the headroom from the pacing rate of a known limit', () => {
    const limiter = new RateLimiter({ limits: { m: { rpm: 600, tpm: 600_000 } } });
    expect(limiter.stats('m')).toMatchObject({ requestsPerSecond: 9.8, tokensPerSecond: 9800 });
  });

  it('admits waiters of one model strictly in arrival order even when a later one would fit', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({
      clock,
      headroom: 0.5,
      tokenBurstSeconds: 0.5,
      adaptive: false,
      limits: { m: { tpm: 60_000 } },
    });
    const order: number[] = [];
    [400, 3000, 1, 1].forEach((tokens, index) => {
      void limiter.acquire({ model: 'm', tokens }).then(() => order.push(index));
    });
    await clock.advanceBy(799);
    expect(order).toEqual([0]);
    await clock.advanceBy(1);
    expect(order).toEqual([0, 1]);
    await clock.advanceBy(5001);
    expect(order).toEqual([0, 1]);
    await clock.advanceBy(3);
    expect(order).toEqual([0, 1, 2, 3]);
  });

  it('admits a request bigger than one second of token quota and makes the next one pay for it', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limits: { m: { tpm: 60_000 } } });
    const big = track(limiter.acquire({ model: 'm', tokens: 50_000 }));
    const next = track(limiter.acquire({ model: 'm', tokens: 10 }));
    await clock.advanceBy(1000);
    expect(big.permit?.acquiredAt).toBeCloseTo((250 - 20) / 0.98, 6);
    await clock.advanceBy(50_000);
    expect(next.permit).toBeUndefined();
    await clock.advanceBy(1000);
    expect(next.permit?.acquiredAt).toBeCloseTo((250 - 20 + 50_000 - 250 + 10) / 0.98, 6);
  });

  it('limits requests in flight per model and waits without a timer for a release', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, adaptive: false, limits: { m: { maxConcurrency: 2 } } });
    const first = await limiter.acquire({ model: 'm' });
    await limiter.acquire({ model: 'm' });
    const third = track(limiter.acquire({ model: 'm' }));
    const other = await limiter.acquire({ model: 'other' });
    await clock.advanceBy(60_000);
    expect(third.permit).toBeUndefined();
    expect(clock.pendingTimers).toBe(0);
    expect(limiter.stats('m')).toMatchObject({ inFlight: 2, queued: 1 });
    first.release({ outcome: 'success' });
    await clock.advanceBy(0);
    expect(third.permit?.model).toBe('m');
    expect(other.model).toBe('other');
  });

  it('rejects an aborted wait with the signal reason and leaves no timer on the injected clock', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limits: { m: { rpm: 60 } } });
    await limiter.acquire({ model: 'm' });
    const controller = new AbortController();
    const waiting = limiter.acquire({ model: 'm', signal: controller.signal });
    await clock.advanceBy(10);
    expect(clock.pendingTimers).toBe(1);
    const reason = new Error('cancelled by user');
    controller.abort(reason);
    await expect(waiting).rejects.toBe(reason);
    expect(clock.pendingTimers).toBe(0);
    expect(limiter.stats('m').queued).toBe(0);
  });

  it('leaves no timer on the system clock after an abort', async () => {
    vi.useFakeTimers();
    const limiter = new RateLimiter({ limits: { m: { rpm: 60 } } });
    await limiter.acquire({ model: 'm' });
    const controller = new AbortController();
    const waiting = limiter.acquire({ model: 'm', signal: controller.signal });
    expect(vi.getTimerCount()).toBe(1);
    controller.abort();
    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(vi.getTimerCount()).toBe(0);
  });

  it('keeps serving the queue in order when a waiter in the middle aborts', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, headroom: 0, limits: { m: { rpm: 60 } } });
    await limiter.acquire({ model: 'm' });
    const controller = new AbortController();
    const order: string[] = [];
    void limiter.acquire({ model: 'm' }).then(() => order.push('a'));
    const aborted = limiter.acquire({ model: 'm', signal: controller.signal });
    void limiter.acquire({ model: 'm' }).then(() => order.push('c'));
    controller.abort('gone');
    await expect(aborted).rejects.toBe('gone');
    await clock.advanceBy(2000);
    expect(order).toEqual(['a', 'c']);
  });

  it('rejects at once for an already aborted signal without queueing', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    await expect(limiter.acquire({ model: 'm', signal: AbortSignal.abort('early') })).rejects.toBe('early');
    expect(limiter.stats('m').queued).toBe(0);
    expect(clock.pendingTimers).toBe(0);
  });

  it('refunds unused reserved tokens so the next request starts sooner', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({
      clock,
      headroom: 0,
      tokenBurstSeconds: 0.001,
      adaptive: false,
      limits: { m: { tpm: 60_000 } },
    });
    const permit = await limiter.acquire({ model: 'm', tokens: 5000 });
    permit.release({ outcome: 'success', actualTokens: 1000 });
    const next = track(limiter.acquire({ model: 'm', tokens: 1 }));
    await clock.advanceBy(1000);
    expect(next.permit?.acquiredAt).toBe(1000);
  });

  it('debits tokens used beyond the reservation', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({
      clock,
      headroom: 0,
      tokenBurstSeconds: 0.001,
      adaptive: false,
      limits: { m: { tpm: 60_000 } },
    });
    const permit = await limiter.acquire({ model: 'm', tokens: 1 });
    permit.release({ outcome: 'success', actualTokens: 3001 });
    const next = track(limiter.acquire({ model: 'm', tokens: 1 }));
    await clock.advanceBy(2999);
    expect(next.permit).toBeUndefined();
    await clock.advanceBy(2);
    expect(next.permit?.acquiredAt).toBe(3001);
  });

  it('takes two throttle events under a known limit as strays, and a third within 10 s as a lower quota', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, headroom: 0, limits: { m: { rpm: 600 } } });
    const permits = Array.from({ length: 60 }, () => track(limiter.acquire({ model: 'm' })));
    await clock.advanceBy(2000);
    expect(limiter.stats('m').requestPhase).toBe('idle');
    // A stray: the rate stays, the bucket is emptied, and throttles sent within the cooldown belong to it.
    permits[19]?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    permits[18]?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    expect(limiter.stats('m')).toMatchObject({ requestPhase: 'idle', requestsPerSecond: 10 });
    await clock.advanceBy(2000);
    permits[39]?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    expect(limiter.stats('m')).toMatchObject({ requestPhase: 'idle', requestsPerSecond: 10 });
    await clock.advanceBy(2000);
    // A third throttle event 2 s later: the quota really is lower, CUBIC takes over at 0.7 ×.
    permits[59]?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    expect(limiter.stats('m')).toMatchObject({ requestPhase: 'cubic', tokenPhase: 'idle' });
    expect(limiter.stats('m').requestsPerSecond).toBeCloseTo(7, 6);
  });

  it('also tolerates one stray throttle event per beat of the headroom against 1-second windows: four within 10 s at 600 RPM and headroom 0.02', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limits: { m: { rpm: 600 } } });
    const permits = Array.from({ length: 100 }, () => track(limiter.acquire({ model: 'm' })));
    const sentBy = (ms: number) => permits.filter((entry) => entry.permit !== undefined && entry.permit.acquiredAt < ms).at(-1);
    for (const at of [2000, 4000, 6000, 8000]) {
      await clock.advanceTo(at);
      sentBy(at)?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
      expect(limiter.stats('m')).toMatchObject({ requestPhase: 'idle' });
    }
    await clock.advanceTo(9800);
    sentBy(9800)?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    expect(limiter.stats('m').requestPhase).toBe('cubic');
  });

  it('counts no beats once the headroom leaves a request of slack per second: at 15,000 RPM the third stray event within 10 s cuts', async () => {
    // One per beat would tolerate 52 here, more than fit in 10 s with a 1 s cooldown: a limit set too
    // high would never be cut.
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limits: { m: { rpm: 15_000 } } });
    const permits = Array.from({ length: 1_000 }, () => track(limiter.acquire({ model: 'm' })));
    const sentBy = (ms: number) => permits.filter((entry) => entry.permit !== undefined && entry.permit.acquiredAt < ms).at(-1);
    // Each event's request was sent more than the cooldown after the previous event.
    for (const at of [1_100, 2_150]) {
      await clock.advanceTo(at);
      sentBy(at)?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
      expect(limiter.stats('m')).toMatchObject({ requestPhase: 'idle' });
    }
    await clock.advanceTo(3_200);
    sentBy(3_200)?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    expect(limiter.stats('m').requestPhase).toBe('cubic');
  });

  it('caps the beats where a steady excess still cuts: at 2,400 RPM seven stray events within 10 s, and the eighth cuts', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, limits: { m: { rpm: 2_400 } } });
    const permits = Array.from({ length: 500 }, () => track(limiter.acquire({ model: 'm' })));
    const sentBy = (ms: number) => permits.filter((entry) => entry.permit !== undefined && entry.permit.acquiredAt < ms).at(-1);
    const events = Array.from({ length: 8 }, (_, n) => 1_100 + n * 1_100);
    for (const at of events.slice(0, 7)) {
      await clock.advanceTo(at);
      sentBy(at)?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
      expect(limiter.stats('m')).toMatchObject({ requestPhase: 'idle' });
    }
    await clock.advanceTo(events[7]!);
    sentBy(events[7]!)?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    expect(limiter.stats('m').requestPhase).toBe('cubic');
  });

  it('forgets stray throttle events older than strayThrottleWindowMs', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, headroom: 0, limits: { m: { rpm: 600 } } });
    const permits = Array.from({ length: 240 }, () => track(limiter.acquire({ model: 'm' })));
    for (const sent of [59, 119, 179, 239]) {
      await clock.advanceBy(6000);
      permits[sent]?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    }
    expect(limiter.stats('m')).toMatchObject({ requestPhase: 'idle', requestsPerSecond: 10 });
  });

  it('cuts on the first throttle under a known limit with strayThrottleWindowMs 0', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, headroom: 0, limits: { m: { rpm: 600 } }, adaptive: { strayThrottleWindowMs: 0 } });
    const permits = Array.from({ length: 20 }, () => track(limiter.acquire({ model: 'm' })));
    await clock.advanceBy(2000);
    permits[19]?.permit?.release({ outcome: 'throttled', throttle: 'requests' });
    expect(limiter.stats('m')).toMatchObject({ requestPhase: 'cubic' });
    expect(limiter.stats('m').requestsPerSecond).toBeCloseTo(7, 6);
    expect(() => new RateLimiter({ adaptive: { strayThrottleWindowMs: -1 } })).toThrow(RangeError);
  });

  it('engages token control only on a token throttle', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, headroom: 0, limits: { m: { rpm: 6000 } } });
    const permits = Array.from({ length: 20 }, () => track(limiter.acquire({ model: 'm', tokens: 500 })));
    await clock.advanceBy(1000);
    expect(limiter.stats('m').tokensPerSecond).toBe(Infinity);
    permits[19]?.permit?.release({ outcome: 'throttled', throttle: 'tokens' });
    const stats = limiter.stats('m');
    expect(stats.tokenPhase).toBe('cubic');
    expect(stats.tokensPerSecond).toBeCloseTo(0.7 * 500 * 100, 6);
    expect(stats.requestsPerSecond).toBe(100);
  });

  it('softens the request rate by a tenth after a growth-rate throttle', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, headroom: 0, limits: { m: { rpm: 600 } } });
    const permits = Array.from({ length: 20 }, () => track(limiter.acquire({ model: 'm' })));
    await clock.advanceBy(2000);
    permits[19]?.permit?.release({ outcome: 'throttled', throttle: 'burst' });
    expect(limiter.stats('m').requestsPerSecond).toBeCloseTo(9, 6);
  });

  it('starts a model without a known RPM in slow start at the initial request rate', () => {
    const limiter = new RateLimiter({ adaptive: { initialRequestsPerSecond: 3 } });
    expect(limiter.stats('m')).toMatchObject({ requestPhase: 'slow-start', requestsPerSecond: 3 });
  });

  it('does not limit an unknown model at all when adaptive control is off', () => {
    const limiter = new RateLimiter({ adaptive: false });
    expect(limiter.stats('m')).toMatchObject({
      requestsPerSecond: Infinity,
      tokensPerSecond: Infinity,
      requestPhase: undefined,
    });
  });

  it('applies new limits to waiters already in the queue', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, headroom: 0, limits: { m: { rpm: 6 } } });
    await limiter.acquire({ model: 'm' });
    const next = track(limiter.acquire({ model: 'm' }));
    await clock.advanceBy(100);
    limiter.setLimits('m', { rpm: 600 });
    await clock.advanceBy(98);
    expect(next.permit).toBeUndefined();
    await clock.advanceBy(1);
    expect(next.permit?.acquiredAt).toBeCloseTo(199, 9);
  });

  it('trusts an RPM that becomes known and stops slow-starting the model', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    await limiter.acquire({ model: 'm' });
    expect(limiter.stats('m').requestPhase).toBe('slow-start');
    limiter.setLimits('m', { rpm: 600 });
    expect(limiter.stats('m')).toMatchObject({ requestPhase: 'idle', requestsPerSecond: 9.8 });
    limiter.setLimits('m', {});
    expect(limiter.stats('m')).toMatchObject({ requestPhase: 'slow-start', requestsPerSecond: 4 });
  });

  it('reports stats for an unused model without starting its clock', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock });
    expect(limiter.stats('m').queued).toBe(0);
    await clock.advanceBy(3_600_000);
    const permit = await limiter.acquire({ model: 'm' });
    expect(permit.acquiredAt).toBe(3_600_000);
    await clock.advanceBy(500);
    permit.release({ outcome: 'success' });
    expect(limiter.stats('m').requestsPerSecond).toBeCloseTo(4 * 3 ** 0.5, 9);
  });

  it('ignores a second release and keeps the permit held when a release is invalid', async () => {
    const clock = new ManualClock();
    const limiter = new RateLimiter({ clock, adaptive: false, limits: { m: { maxConcurrency: 1 } } });
    const permit = await limiter.acquire({ model: 'm' });
    expect(() => permit.release({ outcome: 'success', actualTokens: -5 })).toThrow(RangeError);
    expect(limiter.stats('m').inFlight).toBe(1);
    permit.release({ outcome: 'error' });
    permit.release({ outcome: 'error' });
    expect(limiter.stats('m').inFlight).toBe(0);
  });

  it('rejects bad input before queueing', async () => {
    const limiter = new RateLimiter();
    await expect(limiter.acquire({ model: '' })).rejects.toBeInstanceOf(TypeError);
    await expect(limiter.acquire({ model: 'm', tokens: -1 })).rejects.toBeInstanceOf(RangeError);
    await expect(limiter.acquire({ model: 'm', tokens: Infinity })).rejects.toBeInstanceOf(RangeError);
    expect(() => new RateLimiter({ limits: { m: { rpm: 0 } } })).toThrow(RangeError);
    expect(() => new RateLimiter({ headroom: 0.9 })).toThrow(RangeError);
    expect(() => new RateLimiter({ tokenBurstSeconds: 2 })).toThrow(RangeError);
    expect(() => new RateLimiter({ adaptive: { requests: { beta: 2 } } })).toThrow(RangeError);
    expect(() => limiter.setLimits('m', { maxConcurrency: 0 })).toThrow(RangeError);
    expect(() => limiter.setLimits('m', { maxConcurrency: '2' as unknown as number })).toThrow(RangeError);
  });
});
