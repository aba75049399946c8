/** Shape of a {@link TokenBucket}: how fast it refills and how much it can hold. */
export interface TokenBucketRate {
  /** Refill rate in units per second (requests/s or tokens/s); finite and > 0. */
  ratePerSecond: number;
  /** Capacity in units; finite and > 0. Fractional capacities are allowed. */
  burst: number;
}

/** Options for {@link TokenBucket}. */
export interface TokenBucketOptions extends TokenBucketRate {
  /** The clock reading (ms) the bucket starts at. */
  now: number;
  /** Units in the bucket at `now`. @default burst (a full bucket) */
  initial?: number;
}

/**
 * A token bucket with fractional, continuous refill, used to pace requests per second and
 * tokens per second the way DashScope enforces them (RPS = RPM/60, TPS = TPM/60; see
 * https://www.alibabacloud.com/help/en/model-studio/rate-limit).
 *
 * Admission rule: a take of `n` units is admitted when the bucket holds at least `min(n, burst)`.
 * A take larger than the capacity is therefore admitted once the bucket is full and leaves it in
 * debt (a negative level) that refills at the normal rate before anything else is admitted. A
 * single oversized request never deadlocks, and the long-run rate stays exact. Over any interval
 * of `T` seconds the bucket admits at most `burst + ratePerSecond * T` units plus the excess of
 * one oversized take.
 *
 * All times are clock readings in milliseconds; a reading earlier than the last one is treated as
 * no time passing. The bucket holds no timers.
 *
 * @throws RangeError when a rate, capacity, amount or time is negative, zero where it must be
 * positive, or not finite.
 *
 * @example
 * const bucket = new TokenBucket({ ratePerSecond: 10, burst: 1, now: 0 });
 * bucket.tryTake(1, 0); // true
 * bucket.waitTimeMs(1, 0); // 100
 */
export class TokenBucket {
  #ratePerSecond: number;
  #burst: number;
  #level: number;
  #updatedAt: number;

  constructor(options: TokenBucketOptions) {
    assertRate(options);
    assertTime(options.now);
    const initial = options.initial ?? options.burst;
    if (!Number.isFinite(initial) || initial > options.burst) {
      throw new RangeError(`initial must be finite and at most burst, got ${initial}`);
    }
    this.#ratePerSecond = options.ratePerSecond;
    this.#burst = options.burst;
    this.#level = initial;
    this.#updatedAt = options.now;
  }

  /** Refill rate in units per second. */
  get ratePerSecond(): number {
    return this.#ratePerSecond;
  }

  /** Capacity in units. */
  get burst(): number {
    return this.#burst;
  }

  /** Units available at `now` (ms); negative while the bucket is in debt. */
  level(now: number): number {
    this.#refill(now);
    return this.#level;
  }

  /** Takes `n` units if the admission rule allows it at `now` (ms); returns whether it did. */
  tryTake(n: number, now: number): boolean {
    assertAmount(n);
    if (this.waitTimeMs(n, now) > 0) return false;
    this.#level -= n;
    return true;
  }

  /**
   * Milliseconds from `now` until a take of `n` units would be admitted, assuming nothing else
   * is taken meanwhile; 0 when it would be admitted now.
   */
  waitTimeMs(n: number, now: number): number {
    assertAmount(n);
    this.#refill(now);
    const deficit = Math.min(n, this.#burst) - this.#level;
    if (deficit <= this.#epsilon()) return 0;
    return (deficit / this.#ratePerSecond) * 1000;
  }

  /** Debits `n` units unconditionally (usage reported after the fact); may leave debt. */
  take(n: number, now: number): void {
    assertAmount(n);
    this.#refill(now);
    this.#level -= n;
  }

  /** Credits back `n` unused units; the level never rises above the capacity. */
  refund(n: number, now: number): void {
    assertAmount(n);
    this.#refill(now);
    this.#level = Math.min(this.#burst, this.#level + n);
  }

  /**
   * Changes rate and capacity from `now` (ms) on. Time before `now` is refilled at the old rate;
   * a level above the new capacity is cut to it; debt is kept.
   */
  configure(rate: TokenBucketRate, now: number): void {
    assertRate(rate);
    this.#refill(now);
    this.#ratePerSecond = rate.ratePerSecond;
    this.#burst = rate.burst;
    this.#level = Math.min(this.#level, this.#burst);
  }

  #refill(now: number): void {
    assertTime(now);
    if (now <= this.#updatedAt) return;
    const refilled = this.#level + ((now - this.#updatedAt) * this.#ratePerSecond) / 1000;
    this.#level = Math.min(this.#burst, refilled);
    this.#updatedAt = now;
  }

  // Floating-point refill can land a hair short of a whole unit after sleeping exactly
  // waitTimeMs(); without this tolerance the caller would wake up into a zero-length wait.
  #epsilon(): number {
    return 1e-9 * Math.max(1, this.#burst);
  }
}

function assertRate(rate: TokenBucketRate): void {
  if (!(Number.isFinite(rate.ratePerSecond) && rate.ratePerSecond > 0)) {
    throw new RangeError(`ratePerSecond must be finite and > 0, got ${rate.ratePerSecond}`);
  }
  if (!(Number.isFinite(rate.burst) && rate.burst > 0)) {
    throw new RangeError(`burst must be finite and > 0, got ${rate.burst}`);
  }
}

function assertAmount(n: number): void {
  if (!(Number.isFinite(n) && n >= 0)) {
    throw new RangeError(`amount must be finite and >= 0, got ${n}`);
  }
}

function assertTime(now: number): void {
  if (!Number.isFinite(now)) throw new RangeError(`clock reading must be finite, got ${now}`);
}
