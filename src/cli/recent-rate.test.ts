import { describe, expect, it } from 'vitest';
import { RecentRate } from './recent-rate.js';

function clock(): { now: () => number; advance: (ms: number) => void } {
  let time = 0;
  return { now: () => time, advance: (ms) => (time += ms) };
}

describe('RecentRate', () => {
  it('has no rate or ETA before it has data', () => {
    const time = clock();
    const rate = new RecentRate(10_000, time.now);
    rate.reset();
    expect(rate.perSecond()).toBeUndefined();
    expect(rate.secondsLeft(100)).toBeUndefined();
  });

  it('measures the rate over the last window only, so a slow start is forgotten', () => {
    const time = clock();
    const rate = new RecentRate(10_000, time.now);
    rate.reset();
    time.advance(30_000);
    rate.record(10);
    for (let second = 1; second <= 20; second++) {
      time.advance(1000);
      rate.record(10 + second * 50);
    }
    expect(rate.perSecond()).toBeCloseTo(50, 5);
    expect(rate.secondsLeft(1010 + 500)).toBeCloseTo(10, 5);
  });

  it('gives no ETA while nothing advances', () => {
    const time = clock();
    const rate = new RecentRate(10_000, time.now);
    rate.reset(5);
    time.advance(2000);
    rate.record(5);
    expect(rate.perSecond()).toBe(0);
    expect(rate.secondsLeft(10)).toBeUndefined();
  });
});
