import { describe, expect, it } from 'vitest';
import { AdaptiveRate } from './adaptive-rate.js';

function sendEvenly(controller: AdaptiveRate, perSecond: number, fromMs: number, toMs: number) {
  for (let at = fromMs; at < toMs; at += 1000 / perSecond) controller.recordSend(1, at);
}

describe('AdaptiveRate', () => {
  it('imposes no limit until the first throttle when no starting rate is given', () => {
    const controller = new AdaptiveRate({}, 0);
    sendEvenly(controller, 50, 0, 2000);
    controller.onSuccess(2000);
    expect(controller.phase).toBe('idle');
    expect(controller.rate).toBe(Infinity);
  });

  it('measures an evenly paced send rate exactly', () => {
    const controller = new AdaptiveRate({}, 0);
    sendEvenly(controller, 7, 0, 3000);
    expect(controller.measuredRate).toBeCloseTo(7, 9);
  });

  it('cuts to 0.7 of the measured rate on a throttle and recovers to it along the cubic', () => {
    const controller = new AdaptiveRate({ timeScaleMs: 20_000 }, 0);
    sendEvenly(controller, 10, 0, 5000);
    controller.onThrottle(5000);
    expect(controller.phase).toBe('cubic');
    expect(controller.lastMaxRate).toBeCloseTo(10, 9);
    expect(controller.rate).toBeCloseTo(7, 9);
    const plateauMs = 20_000 * Math.cbrt(0.3 / 0.4);
    sendEvenly(controller, 10, 5000, 5000 + plateauMs);
    controller.onSuccess(5000 + plateauMs);
    expect(controller.rate).toBeCloseTo(10, 9);
    controller.onSuccess(5000 + plateauMs + 10_000);
    expect(controller.rate).toBeCloseTo(10 * (1 + 0.4 * 0.5 ** 3), 9);
  });

  it('is concave below the last maximum and convex above it', () => {
    const controller = new AdaptiveRate({ timeScaleMs: 20_000 }, 0);
    sendEvenly(controller, 10, 0, 1000);
    controller.onThrottle(1000);
    sendEvenly(controller, 20, 1000, 60_000);
    const rates = [0, 5000, 10_000, 15_000, 20_000, 25_000, 30_000].map((offset) => {
      controller.onSuccess(1000 + offset);
      return controller.rate;
    });
    const steps = rates.slice(1).map((rate, index) => rate - (rates[index] as number));
    expect(steps[0]).toBeGreaterThan(steps[2] as number);
    expect(steps[5]).toBeGreaterThan(steps[3] as number);
    expect(rates[4]).toBeGreaterThan(9.9);
    expect(rates[4]).toBeLessThan(10.1);
  });

  it('ramps up by the slow-start growth factor per second from its starting rate', () => {
    const controller = new AdaptiveRate({ initialRate: 2, slowStartGrowthPerSecond: 1.5 }, 0);
    expect(controller.phase).toBe('slow-start');
    sendEvenly(controller, 100, 0, 2000);
    controller.onSuccess(1000);
    controller.onSuccess(2000);
    expect(controller.rate).toBeCloseTo(2 * 1.5 ** 2, 9);
  });

  it('never raises the rate above twice the measured send rate', () => {
    const controller = new AdaptiveRate({ initialRate: 50 }, 0);
    sendEvenly(controller, 4, 0, 5000);
    controller.onSuccess(5000);
    expect(controller.rate).toBeCloseTo(8, 9);
  });

  it('uses the pacing rate as the last maximum when it is lower than the measured rate', () => {
    const controller = new AdaptiveRate({}, 0);
    sendEvenly(controller, 10, 0, 1000);
    controller.onThrottle(1000, { currentRate: 6 });
    expect(controller.lastMaxRate).toBe(6);
    expect(controller.rate).toBeCloseTo(4.2, 9);
  });

  it('reacts once per overload episode, ignoring throttles of calls sent within the cooldown', () => {
    const controller = new AdaptiveRate({ cooldownMs: 1000 }, 0);
    sendEvenly(controller, 10, 0, 1000);
    controller.onThrottle(1000, { sentAt: 900 });
    controller.onThrottle(1050, { sentAt: 950 });
    controller.onThrottle(1800, { sentAt: 1750 });
    controller.onThrottle(2050, { sentAt: 1999 });
    expect(controller.rate).toBeCloseTo(7, 9);
    controller.onThrottle(2100, { sentAt: 2000 });
    expect(controller.rate).toBeCloseTo(4.9, 9);
  });

  it('stretches the cubic at low send rates so a cycle spans at least minCycleSends sends', () => {
    const slow = new AdaptiveRate({ timeScaleMs: 20_000, minCycleSends: 200 }, 0);
    sendEvenly(slow, 1, 0, 10_000);
    slow.onThrottle(10_000);
    slow.onSuccess(10_000 + 20_000 * Math.cbrt(0.75));
    expect(slow.rate).toBeLessThan(0.95);
    slow.onSuccess(10_000 + 200_000 * Math.cbrt(0.75));
    expect(slow.rate).toBeCloseTo(1, 9);
  });

  it('softens the ramp on a growth-rate throttle instead of cutting hard', () => {
    const controller = new AdaptiveRate({ initialRate: 10 }, 0);
    sendEvenly(controller, 10, 0, 2000);
    controller.onBurstThrottle(2000);
    expect(controller.phase).toBe('cubic');
    expect(controller.rate).toBeCloseTo(9, 9);
    controller.onSuccess(2000 + 20_000 * Math.cbrt(0.1 / 0.4));
    expect(controller.rate).toBeCloseTo(10, 9);
  });

  it('earns at most one second of slow-start growth from a single slow response', () => {
    const controller = new AdaptiveRate({ initialRate: 1, slowStartGrowthPerSecond: 1.25 }, 0);
    controller.recordSend(1, 0);
    controller.onSuccess(60_000);
    expect(controller.rate).toBeCloseTo(1.25, 9);
  });

  it('counts a long pause as one second, so the measured rate drops without collapsing', () => {
    const controller = new AdaptiveRate({ initialRate: 10 }, 0);
    sendEvenly(controller, 10, 0, 5000);
    controller.recordSend(1, 3_600_000);
    expect(controller.measuredRate).toBeCloseTo(1000 / (0.1 * 1000 + 0.9 * 100), 9);
    controller.onSuccess(3_600_000);
    expect(controller.rate).toBeCloseTo(2000 / 190, 9);
  });

  it('never goes below its minimum rate', () => {
    const controller = new AdaptiveRate({ minRate: 2 }, 0);
    sendEvenly(controller, 2, 0, 2000);
    controller.onThrottle(2000);
    controller.onThrottle(3000, { sentAt: 2500 });
    expect(controller.rate).toBe(2);
  });

  it('rejects out-of-range options', () => {
    expect(() => new AdaptiveRate({ beta: 1 })).toThrow(RangeError);
    expect(() => new AdaptiveRate({ beta: 0 })).toThrow(RangeError);
    expect(() => new AdaptiveRate({ initialRate: 0 })).toThrow(RangeError);
    expect(() => new AdaptiveRate({ timeScaleMs: Infinity })).toThrow(RangeError);
    expect(() => new AdaptiveRate({ slowStartGrowthPerSecond: 0.5 })).toThrow(RangeError);
    expect(() => new AdaptiveRate({ smoothing: 1.5 })).toThrow(RangeError);
    expect(() => new AdaptiveRate().recordSend(-1, 0)).toThrow(RangeError);
  });
});
