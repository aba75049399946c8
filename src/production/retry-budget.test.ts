import { describe, expect, it } from 'vitest';
import { type RetryKind, RetryBudget } from './retry-budget.js';

describe('RetryBudget', () => {
  it('allows 100 throttling retries or 50 transient retries from a fresh budget', () => {
    const throttling = new RetryBudget();
    const transient = new RetryBudget();
    let throttlingRetries = 0;
    let transientRetries = 0;
    while (throttling.tryConsume('throttling')) throttlingRetries += 1;
    while (transient.tryConsume('transient')) transientRetries += 1;
    expect(throttlingRetries).toBe(100);
    expect(transientRetries).toBe(50);
    expect(throttling.available).toBe(0);
  });

  it('refuses a retry it cannot pay for without spending anything', () => {
    const budget = new RetryBudget({ capacity: 12 });
    expect(budget.tryConsume('transient')).toBe(true);
    expect(budget.tryConsume('transient')).toBe(false);
    expect(budget.available).toBe(2);
    expect(budget.tryConsume('throttling')).toBe(false);
  });

  it('earns one unit per success and never more than its capacity', () => {
    const budget = new RetryBudget();
    budget.recordSuccess();
    expect(budget.available).toBe(500);
    budget.tryConsume('throttling');
    for (let index = 0; index < 4; index += 1) budget.recordSuccess();
    expect(budget.available).toBe(499);
    for (let index = 0; index < 4; index += 1) budget.recordSuccess();
    expect(budget.available).toBe(500);
  });

  it('sustains one throttling retry per five successes once drained', () => {
    const budget = new RetryBudget();
    while (budget.tryConsume('throttling'));
    let retries = 0;
    for (let index = 0; index < 1000; index += 1) {
      budget.recordSuccess();
      if (budget.tryConsume('throttling')) retries += 1;
    }
    expect(retries).toBe(200);
  });

  it('rejects bad options and unknown kinds', () => {
    expect(() => new RetryBudget({ capacity: 0 })).toThrow(RangeError);
    expect(() => new RetryBudget({ throttlingCost: -1 })).toThrow(RangeError);
    expect(() => new RetryBudget({ successRefund: Number.NaN })).toThrow(RangeError);
    expect(() => new RetryBudget().tryConsume('fatal' as RetryKind)).toThrow(TypeError);
    expect(() => new RetryBudget().tryConsume('toString' as RetryKind)).toThrow(TypeError);
  });
});
