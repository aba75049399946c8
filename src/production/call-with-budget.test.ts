import { describe, expect, it, vi } from 'vitest';
import { APIConnectionError, APIUserAbortError, createAPIError } from '../core/errors.js';
import { callWithBudget, type BudgetedCall, type CallCounters } from './call-with-budget.js';
import { RateLimiter, type ReleaseOptions } from './rate-limiter.js';
import { RetryBudget } from './retry-budget.js';

const fast = new Headers({ 'retry-after-ms': '1' });
const throttled = () => createAPIError({ status: 429, code: 'Throttling.AllocationQuota', message: 'Allocated quota exceeded', requestId: 'r', body: {}, headers: fast });
const serverError = () => createAPIError({ status: 500, code: 'InternalError', message: 'boom', requestId: 'r', body: {}, headers: fast });
const invalid = () => createAPIError({ status: 400, code: 'InvalidParameter', message: 'bad', requestId: 'r', body: {} });

function call(overrides: Partial<BudgetedCall> = {}): BudgetedCall & { counters: CallCounters } {
  return { model: 'm', tokens: 10, budget: new RetryBudget(), maxAttempts: 5, signal: new AbortController().signal, counters: { requests: 0, retries: 0, throttles: 0 }, ...overrides };
}

function failing(errors: unknown[]) {
  return vi.fn(async () => {
    const error = errors.shift();
    if (error) throw error;
    return { value: 'done', tokens: 3 };
  });
}

describe('callWithBudget', () => {
  it('retries throttles and transient faults and counts attempts, retries and throttles', async () => {
    const context = call();
    const send = failing([new APIConnectionError(), throttled(), serverError()]);
    await expect(callWithBudget(context, send)).resolves.toBe('done');
    expect(send).toHaveBeenCalledTimes(4);
    expect(context.counters).toEqual({ requests: 4, retries: 3, throttles: 1 });
    expect(context.budget.available).toBe(500 - 10 - 5 - 10 + 1);
  });

  it('does not retry an error that is not retryable', async () => {
    const send = failing([invalid()]);
    await expect(callWithBudget(call(), send)).rejects.toMatchObject({ code: 'InvalidParameter' });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('throws the last error when the budget cannot pay for another retry', async () => {
    const send = failing([serverError(), serverError(), serverError()]);
    await expect(callWithBudget(call({ budget: new RetryBudget({ capacity: 15 }) }), send)).rejects.toMatchObject({ code: 'InternalError' });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('stops at maxAttempts even with budget left', async () => {
    const send = failing([serverError(), serverError(), serverError()]);
    await expect(callWithBudget(call({ maxAttempts: 2 }), send)).rejects.toMatchObject({ code: 'InternalError' });
    expect(send).toHaveBeenCalledTimes(2);
  });

  it('releases each limiter permit with the outcome, the throttle kind and the reported tokens', async () => {
    const limiter = new RateLimiter({ adaptive: false });
    const released: ReleaseOptions[] = [];
    const acquire = limiter.acquire.bind(limiter);
    vi.spyOn(limiter, 'acquire').mockImplementation(async (options) => {
      const permit = await acquire(options);
      return { ...permit, release: (outcome: ReleaseOptions) => (released.push(outcome), permit.release(outcome)) };
    });
    await callWithBudget(call({ limiter }), failing([throttled(), serverError()]));
    expect(released).toEqual([{ outcome: 'throttled', throttle: 'tokens' }, { outcome: 'error' }, { outcome: 'success', actualTokens: 3 }]);
  });

  it('rejects with APIUserAbortError during a backoff and sends nothing more', async () => {
    const controller = new AbortController();
    const slow = createAPIError({ status: 500, code: 'InternalError', message: 'boom', requestId: 'r', body: {}, headers: new Headers({ 'retry-after-ms': '5000' }) });
    const send = failing([slow]);
    const pending = callWithBudget(call({ signal: controller.signal }), send);
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(APIUserAbortError);
    expect(send).toHaveBeenCalledTimes(1);
  });
});
