import { sleep } from '../core/abort.js';
import { APIUserAbortError, QuotaExhaustedError, RateLimitError } from '../core/errors.js';
import { isRetryableError, retryDelayMs } from '../core/retry.js';
import { type ThrottleKind, classifyThrottle } from '../core/classify-throttle.js';
import type { RateLimiter } from './rate-limiter.js';
import type { RetryBudget } from './retry-budget.js';

/** Counters one bulk operation keeps across all its calls. Units: HTTP attempts. */
export interface CallCounters {
  /** HTTP attempts sent (first attempts and retries). */
  requests: number;
  /** Attempts that were retries. */
  retries: number;
  /** Attempts answered with a DashScope throttle (HTTP 429 `Throttling.*`). */
  throttles: number;
}

/** What {@link callWithBudget} needs to pace, retry and count one logical call. */
export interface BudgetedCall {
  /** Model id; the limiter's key. */
  model: string;
  /** Tokens to reserve on the limiter for each attempt. */
  tokens: number;
  /** Acquired before every attempt when given; released with the outcome. */
  limiter?: RateLimiter | undefined;
  /** Pays for every retry; when it refuses, the last error is thrown. */
  budget: RetryBudget;
  /** Attempts per call, first included (≥ 1). */
  maxAttempts: number;
  /** Stops waiting and sending; the call then rejects with {@link APIUserAbortError}. */
  signal: AbortSignal;
  /** Updated in place. */
  counters: CallCounters;
  /**
   * Called before and after each backoff sleep, so a caller bounding requests in flight can lend the slot
   * to other work while this call waits; `afterBackoff` may wait for a slot to come back.
   */
  backoff?: { before(): void; after(): Promise<void> } | undefined;
}

/** The throttle kind of a retryable DashScope 429, else `undefined`. */
function throttleOf(error: unknown): ThrottleKind | undefined {
  if (!(error instanceof RateLimitError) || error instanceof QuotaExhaustedError) return undefined;
  return classifyThrottle({ status: error.status, code: error.code, message: error.message }) ?? 'requests';
}

function abortError(signal: AbortSignal): APIUserAbortError {
  return new APIUserAbortError(undefined, { cause: signal.reason });
}

/**
 * Runs one logical request in bulk mode: the client is called with `maxRetries: 0` by `send`, and this
 * loop decides retries instead, on a shared {@link RetryBudget} (throttles cost 5, transient faults 10)
 * with the client's backoff schedule (`retryDelayMs`: 0.5 s doubling to 8 s for transient faults, 2 s
 * doubling to 30 s for throttles, server hints obeyed). Before each attempt it waits for a permit from
 * `limiter` (when given) and releases it with the outcome: success with the tokens `send` reports, a
 * throttle with its kind (https://www.alibabacloud.com/help/en/model-studio/rate-limit), or an error.
 *
 * @param send performs one attempt with the given signal and returns the value and the tokens the
 *   response reports as used (`usage.total_tokens`).
 * @throws APIUserAbortError when `signal` aborts (no attempt starts after that); otherwise the last
 *   attempt's error when it is not retryable, `maxAttempts` is reached, or the budget refuses.
 */
export async function callWithBudget<T>(call: BudgetedCall, send: (signal: AbortSignal) => Promise<{ value: T; tokens: number }>): Promise<T> {
  const { limiter, budget, signal, counters } = call;
  for (let attempt = 0; ; attempt++) {
    if (signal.aborted) throw abortError(signal);
    let permit;
    try {
      permit = limiter ? await limiter.acquire({ model: call.model, tokens: call.tokens, signal }) : undefined;
    } catch (error) {
      if (signal.aborted) throw abortError(signal);
      throw error;
    }
    if (signal.aborted) {
      permit?.release({ outcome: 'error' });
      throw abortError(signal);
    }
    counters.requests++;
    if (attempt > 0) counters.retries++;
    try {
      const { value, tokens } = await send(signal);
      permit?.release({ outcome: 'success', actualTokens: tokens });
      budget.recordSuccess();
      return value;
    } catch (error) {
      const throttle = throttleOf(error);
      permit?.release(throttle ? { outcome: 'throttled', throttle } : { outcome: 'error' });
      if (throttle) counters.throttles++;
      if (signal.aborted) throw abortError(signal);
      if (error instanceof APIUserAbortError || !isRetryableError(error)) throw error;
      if (attempt + 1 >= call.maxAttempts || !budget.tryConsume(throttle ? 'throttling' : 'transient')) throw error;
      call.backoff?.before();
      try {
        await sleep(retryDelayMs(error, attempt), signal);
      } finally {
        await call.backoff?.after();
      }
    }
  }
}
