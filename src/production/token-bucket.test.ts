import { describe, expect, it } from 'vitest';
import { TokenBucket } from './token-bucket.js';

describe('TokenBucket', () => {
  it('starts full and admits up to its capacity at once', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 3, now: 0 });
    expect([1, 2, 3, 4].map(() => bucket.tryTake(1, 0))).toEqual([true, true, true, false]);
  });

  it('refills fractionally and reports the exact wait in milliseconds', () => {
    const bucket = new TokenBucket({ ratePerSecond: 4, burst: 1, now: 0 });
    expect(bucket.tryTake(1, 0)).toBe(true);
    expect(bucket.waitTimeMs(1, 0)).toBe(250);
    expect(bucket.waitTimeMs(1, 100)).toBeCloseTo(150, 9);
    expect(bucket.level(125)).toBeCloseTo(0.5, 12);
    expect(bucket.tryTake(1, 249)).toBe(false);
    expect(bucket.tryTake(1, 250)).toBe(true);
  });

  it('admits a take larger than its capacity once full and pays the debt at the normal rate', () => {
    const bucket = new TokenBucket({ ratePerSecond: 1000, burst: 500, now: 0 });
    expect(bucket.waitTimeMs(2000, 0)).toBe(0);
    expect(bucket.tryTake(2000, 0)).toBe(true);
    expect(bucket.level(0)).toBe(-1500);
    expect(bucket.waitTimeMs(1, 0)).toBeCloseTo(1501, 9);
    expect(bucket.waitTimeMs(2000, 0)).toBe(2000);
    expect(bucket.tryTake(2000, 2000)).toBe(true);
  });

  it('never lets a request bigger than its capacity wait forever', () => {
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, now: 0, initial: 0 });
    const wait = bucket.waitTimeMs(1_000_000, 0);
    expect(wait).toBe(1000);
    expect(bucket.tryTake(1_000_000, wait)).toBe(true);
  });

  it('caps the level at its capacity however long it idles', () => {
    const bucket = new TokenBucket({ ratePerSecond: 100, burst: 5, now: 0, initial: 0 });
    expect(bucket.level(3_600_000)).toBe(5);
  });

  it('admits after sleeping exactly the reported wait despite floating-point refill', () => {
    const bucket = new TokenBucket({ ratePerSecond: 9.8, burst: 1, now: 0 });
    let now = 0;
    for (let index = 0; index < 1000; index += 1) {
      now += bucket.waitTimeMs(1, now);
      expect(bucket.tryTake(1, now)).toBe(true);
    }
    expect(now).toBeCloseTo((999 / 9.8) * 1000, 6);
  });

  it('refunds unused units without rising above its capacity', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 100, now: 0 });
    bucket.take(400, 0);
    bucket.refund(250, 0);
    expect(bucket.level(0)).toBe(-50);
    bucket.refund(1000, 0);
    expect(bucket.level(0)).toBe(100);
  });

  it('applies a new rate from the moment it is configured and keeps debt', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 10, now: 0 });
    bucket.take(20, 0);
    bucket.configure({ ratePerSecond: 20, burst: 2 }, 1000);
    expect(bucket.level(1000)).toBe(0);
    expect(bucket.level(1050)).toBeCloseTo(1, 12);
    bucket.configure({ ratePerSecond: 20, burst: 0.5 }, 1050);
    expect(bucket.level(1050)).toBe(0.5);
  });

  it('treats a clock reading from the past as no time passing', () => {
    const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, now: 1000 });
    expect(bucket.tryTake(1, 1000)).toBe(true);
    expect(bucket.level(500)).toBe(0);
    expect(bucket.level(1100)).toBeCloseTo(1, 12);
  });

  it('rejects impossible rates, capacities and amounts with a RangeError', () => {
    expect(() => new TokenBucket({ ratePerSecond: 0, burst: 1, now: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: Infinity, now: 0 })).toThrow(RangeError);
    expect(() => new TokenBucket({ ratePerSecond: 1, burst: 1, now: 0, initial: 2 })).toThrow(RangeError);
    const bucket = new TokenBucket({ ratePerSecond: 1, burst: 1, now: 0 });
    expect(() => bucket.tryTake(-1, 0)).toThrow(RangeError);
    expect(() => bucket.waitTimeMs(Number.NaN, 0)).toThrow(RangeError);
    expect(() => bucket.level(Number.NaN)).toThrow(RangeError);
  });
});
