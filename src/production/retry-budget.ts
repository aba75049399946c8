/**
 * Why a retry is wanted: `'throttling'` for HTTP 429 rate throttles (`Throttling.RateQuota`,
 * `Throttling.AllocationQuota`, `Throttling.BurstRate`, `limit_requests`, `insufficient_quota`),
 * `'transient'` for 5xx, timeouts and dropped connections.
 */
export type RetryKind = 'throttling' | 'transient';

/** Options for {@link RetryBudget}; all amounts are budget units, not requests. */
export interface RetryBudgetOptions {
  /** Starting and maximum balance. @default 500 */
  capacity?: number;
  /** Cost of one retry after a throttle. @default 5 */
  throttlingCost?: number;
  /** Cost of one retry after a transient fault. @default 10 */
  transientCost?: number;
  /** Credit for every successful response, up to `capacity`. @default 1 */
  successRefund?: number;
}

/**
 * A retry budget shared by every call of a bulk job (the AWS SDK "standard" retry quota and gRPC
 * retry throttling, as a token bucket): it starts with 500 units, a retry after a throttle costs
 * 5, a retry after a transient fault costs 10, and each success gives 1 back, never above 500.
 * When a retry cannot be paid for, the caller surfaces the error instead of retrying.
 *
 * How it differs from the client's `maxRetries`: `maxRetries` bounds attempts per call, so during
 * an outage every call still makes `maxRetries + 1` attempts and the load on the failing service
 * multiplies. The budget bounds retries across all calls: once it is spent, retries stop until
 * successes earn it back, so a sustained failure costs at most one retry per 5–10 successes (plus
 * the initial 500 units) instead of a multiple of the traffic. Use both: `maxRetries` keeps one
 * call from retrying forever, the budget keeps a job of 100 000 calls from hammering a quota
 * that is not coming back. Throttles are cheaper than transient faults because on DashScope they
 * are expected and recover within a minute
 * (https://www.alibabacloud.com/help/en/model-studio/rate-limit), while repeated 5xx suggest
 * something that retries will not fix.
 *
 * The budget holds no timers and does not decide delays; pair it with backoff.
 *
 * @throws RangeError from the constructor when an amount is negative or not finite, or the
 * capacity is not > 0; TypeError from `tryConsume` for an unknown kind.
 *
 * @example
 * const budget = new RetryBudget();
 * if (error.status === 429 && budget.tryConsume('throttling')) retry();
 * else if (response.ok) budget.recordSuccess();
 */
export class RetryBudget {
  readonly #capacity: number;
  readonly #costs: Record<RetryKind, number>;
  readonly #successRefund: number;
  #available: number;

  constructor(options: RetryBudgetOptions = {}) {
    this.#capacity = options.capacity ?? 500;
    if (!(Number.isFinite(this.#capacity) && this.#capacity > 0)) {
      throw new RangeError(`capacity must be finite and > 0, got ${this.#capacity}`);
    }
    this.#costs = {
      throttling: nonNegative('throttlingCost', options.throttlingCost ?? 5),
      transient: nonNegative('transientCost', options.transientCost ?? 10),
    };
    this.#successRefund = nonNegative('successRefund', options.successRefund ?? 1);
    this.#available = this.#capacity;
  }

  /** Units left. */
  get available(): number {
    return this.#available;
  }

  /** Pays for one retry of `kind` and returns true, or returns false (paying nothing) when the balance is too low. */
  tryConsume(kind: RetryKind): boolean {
    if (!Object.hasOwn(this.#costs, kind)) {
      throw new TypeError(`unknown retry kind: ${String(kind)}`);
    }
    const cost = this.#costs[kind];
    if (this.#available < cost) return false;
    this.#available -= cost;
    return true;
  }

  /** Credits one successful response. */
  recordSuccess(): void {
    this.#available = Math.min(this.#capacity, this.#available + this.#successRefund);
  }
}

function nonNegative(name: string, value: number): number {
  if (!(Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be finite and >= 0, got ${value}`);
  }
  return value;
}
