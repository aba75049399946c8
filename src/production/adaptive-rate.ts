/**
 * The state of an {@link AdaptiveRate}: `'idle'` imposes no limit (no throttle seen and no
 * starting rate given), `'slow-start'` ramps up exponentially from a starting rate, `'cubic'`
 * recovers after a throttle along a CUBIC curve.
 */
export type AdaptivePhase = 'idle' | 'slow-start' | 'cubic';

/** Options for {@link AdaptiveRate}. Rates are in units per second (requests/s or tokens/s). */
export interface AdaptiveRateOptions {
  /**
   * Starting rate in units/s. When given, the controller starts in slow start at this rate;
   * when absent it is idle (no limit) until the first throttle, like AWS adaptive mode.
   */
  initialRate?: number;
  /**
   * Slow-start growth factor per second: 3 triples the rate every second, so from 4 requests/s it
   * passes 100 within 3 s (2 took 5 s, short of full speed within 5 s for a client at ~90 requests/s;
   * 1.25, the earlier default, took 16 s for a 16× ramp). @default 3
   */
  slowStartGrowthPerSecond?: number;
  /** Multiplicative decrease on a rate throttle. @default 0.7 */
  beta?: number;
  /** Multiplicative decrease on a growth-rate (`Throttling.BurstRate`) throttle. @default 0.9 */
  burstBeta?: number;
  /** CUBIC scale constant C. @default 0.4 */
  scaleConstant?: number;
  /**
   * Shortest CUBIC time unit T in ms: the curve is `W · (1 + C·((t − tW) / T)³)`, so after a
   * throttle the rate is back at the last maximum W after `0.91 · T` (for β 0.7, C 0.4) and 5 %
   * above it `0.5 · T` later. T is fixed at each decrease (see `minCycleSends`). @default 20000
   */
  timeScaleMs?: number;
  /**
   * Minimum number of sends per CUBIC time unit: the unit is the longer of `timeScaleMs` and the
   * time this many sends take at the current send rate, so at low rates a throttle still costs at
   * most about one send in this many. @default 200
   */
  minCycleSends?: number;
  /**
   * After a decrease, throttles of calls sent less than this many ms after it are ignored:
   * DashScope counts per-second quotas over a second, so those calls still share a window with
   * the traffic from before the cut and their throttles say nothing about the new rate.
   * @default 1000
   */
  cooldownMs?: number;
  /** Lowest rate ever set, in units/s. @default 0.5 */
  minRate?: number;
  /** Weight of the newest send in the measured-rate EWMA, in (0, 1]. @default 0.1 */
  smoothing?: number;
}

/** What the caller knows about a throttled call. */
export interface ThrottleContext {
  /**
   * Clock reading (ms) when the throttled call was sent; a throttle of a call sent less than
   * `cooldownMs` after the last decrease is ignored. @default the time the throttle is reported
   */
  sentAt?: number;
  /** The rate (units/s) the caller was actually pacing at, when lower than this controller's. */
  currentRate?: number;
}

/**
 * An adaptive send-rate controller for one dimension of one model (requests/s or tokens/s), in
 * the spirit of AWS SDK adaptive retry mode (CUBIC). Used by the rate limiter when a model's
 * limits are unknown, and as a safety net under known limits (the limiter paces at the smaller of
 * the two), because DashScope quotas are per account and may be shared with other clients
 * (https://www.alibabacloud.com/help/en/model-studio/rate-limit).
 *
 * - Throttle: the last maximum W becomes `min(measured rate, current rate)` (in slow start the
 *   current rate alone: the measured average lags a doubling rate), the rate drops to
 *   `beta · W` (0.7), and the CUBIC clock restarts. Throttles of calls sent less than `cooldownMs`
 *   after the previous decrease are ignored, so one overload episode cuts the rate once, not once
 *   per rejected call (without this, a start at twice a 6 000 RPM quota cut itself to a fifth of
 *   it in simulation).
 * - Growth-rate throttle (`Throttling.BurstRate`): the same with the gentler `burstBeta` (0.9); the
 *   level was fine, the ramp was too steep, and the curve then flattens near it.
 * - Success: in slow start the rate grows by `slowStartGrowthPerSecond` per second; after a
 *   throttle it follows `W · (1 + C·((t − tW)/T)³)`: concave back to W, a plateau, then convex
 *   probing above it. The rate never exceeds twice the measured send rate (twice itself before
 *   there is a measurement) and never falls below `minRate`; after a pause it therefore ramps up
 *   again from about one send per second, as DashScope's growth-rate protection asks.
 *
 * Differences from AWS, and why: the cubic is normalised by W and a time unit T instead of being
 * absolute in requests/s (AWS's absolute curve recovers in ~2 s at 10 requests/s but takes minutes
 * at 10⁶ tokens/s; DashScope quotas span both), T is stretched at low rates to span at least
 * `minCycleSends` sends (so the throttle share stays near 1/200 from 60 to 6 000 RPM instead of
 * reaching 4 % at 60 RPM), there is a slow start, throttles are de-duplicated per episode, and the
 * measured rate is an event-weighted EWMA (`EWMA(amount) / EWMA(interval)`), which is exact for
 * evenly paced traffic where AWS's 0.5 s buckets quantise badly at a few requests per second.
 *
 * Holds no timers; every method takes the clock reading `now` in ms.
 *
 * @throws RangeError from the constructor for out-of-range options, and from the methods for a
 * non-finite clock reading or a negative amount.
 *
 * @example
 * const controller = new AdaptiveRate({ initialRate: 1 }, clock.now());
 * controller.recordSend(1, clock.now());
 * controller.onSuccess(clock.now()); // or onThrottle(clock.now(), { sentAt })
 * const requestsPerSecond = controller.rate;
 */
export class AdaptiveRate {
  readonly #growth: number;
  readonly #beta: number;
  readonly #burstBeta: number;
  readonly #scale: number;
  readonly #timeScaleMs: number;
  readonly #minCycleSends: number;
  readonly #cooldownMs: number;
  #cycleMs = 0;
  readonly #minRate: number;
  readonly #smoothing: number;
  #phase: AdaptivePhase;
  #rate: number;
  #updatedAt: number;
  #lastMaxRate: number | undefined;
  #plateauAt = 0;
  #lastDecreaseAt: number | undefined;
  #lastSendAt: number | undefined;
  #amountAverage: number | undefined;
  #intervalAverageMs: number | undefined;

  constructor(options: AdaptiveRateOptions = {}, now = 0) {
    assertTime(now);
    const tuning = resolveAdaptiveOptions(options);
    this.#growth = check('slowStartGrowthPerSecond', tuning.slowStartGrowthPerSecond, 1, Infinity);
    this.#beta = check('beta', tuning.beta, 0, 1, true);
    this.#burstBeta = check('burstBeta', tuning.burstBeta, 0, 1, true);
    this.#scale = check('scaleConstant', tuning.scaleConstant, 0, Infinity, true);
    this.#timeScaleMs = check('timeScaleMs', tuning.timeScaleMs, 0, Infinity, true);
    this.#minCycleSends = check('minCycleSends', tuning.minCycleSends, 0, Infinity);
    this.#cooldownMs = check('cooldownMs', tuning.cooldownMs, 0, Infinity);
    this.#minRate = check('minRate', tuning.minRate, 0, Infinity, true);
    this.#smoothing = check('smoothing', tuning.smoothing, 0, 1, true);
    if (this.#beta === 1 || this.#burstBeta === 1) throw new RangeError('beta and burstBeta must be < 1');
    if (options.initialRate === undefined) {
      this.#phase = 'idle';
      this.#rate = Infinity;
    } else {
      this.#phase = 'slow-start';
      this.#rate = Math.max(this.#minRate, check('initialRate', options.initialRate, 0, Infinity, true));
    }
    this.#updatedAt = now;
  }

  /** Current phase. */
  get phase(): AdaptivePhase {
    return this.#phase;
  }

  /** Allowed rate in units/s; `Infinity` while idle. */
  get rate(): number {
    return this.#rate;
  }

  /**
   * Measured send rate in units/s, or `undefined` before two sends. Gaps between sends count as
   * at most one second, so after a pause it reads about one send per second rather than zero.
   */
  get measuredRate(): number | undefined {
    if (this.#amountAverage === undefined || !this.#intervalAverageMs) return undefined;
    return (this.#amountAverage / this.#intervalAverageMs) * 1000;
  }

  /** The rate W the CUBIC curve returns to, in units/s; `undefined` before the first throttle. */
  get lastMaxRate(): number | undefined {
    return this.#lastMaxRate;
  }

  /** Records that `amount` units (1 request, or a request's tokens) were sent at `now`. */
  recordSend(amount: number, now: number): void {
    assertTime(now);
    if (!(Number.isFinite(amount) && amount >= 0)) {
      throw new RangeError(`amount must be finite and >= 0, got ${amount}`);
    }
    const weight = this.#smoothing;
    this.#amountAverage =
      this.#amountAverage === undefined ? amount : weight * amount + (1 - weight) * this.#amountAverage;
    if (this.#lastSendAt !== undefined) {
      // An idle gap is capped at one second so that, after a pause, the measured rate (and the
      // 2x cap on the allowed rate) falls to about one send per second instead of near zero,
      // from where an event-weighted average would take minutes to climb back.
      const interval = Math.min(maxIntervalMs, Math.max(0, now - this.#lastSendAt));
      this.#intervalAverageMs =
        this.#intervalAverageMs === undefined
          ? interval
          : weight * interval + (1 - weight) * this.#intervalAverageMs;
    }
    this.#lastSendAt = Math.max(now, this.#lastSendAt ?? now);
  }

  /** Grows the rate after a successful (not throttled) response received at `now`. */
  onSuccess(now: number): void {
    assertTime(now);
    if (this.#phase === 'idle') return;
    let next: number;
    if (this.#phase === 'slow-start') {
      // Growth is earned by successes, at most one second's worth each, so a long wait for one
      // slow response cannot bank a huge jump.
      const elapsedSeconds = Math.min(maxIntervalMs, Math.max(0, now - this.#updatedAt)) / 1000;
      next = this.#rate * this.#growth ** elapsedSeconds;
    } else {
      next = this.#cubic(now);
    }
    const measured = this.measuredRate;
    next = Math.min(next, 2 * (measured ?? this.#rate));
    this.#rate = Math.max(this.#minRate, next);
    this.#updatedAt = Math.max(this.#updatedAt, now);
  }

  /** Cuts the rate by `beta` after a request or token throttle received at `now`. */
  onThrottle(now: number, context: ThrottleContext = {}): void {
    this.#decrease(now, this.#beta, context);
  }

  /** Cuts the rate by `burstBeta` after a growth-rate (`Throttling.BurstRate`) throttle. */
  onBurstThrottle(now: number, context: ThrottleContext = {}): void {
    this.#decrease(now, this.#burstBeta, context);
  }

  #decrease(now: number, factor: number, context: ThrottleContext): void {
    assertTime(now);
    const { sentAt, currentRate } = context;
    if (this.#lastDecreaseAt !== undefined && (sentAt ?? now) < this.#lastDecreaseAt + this.#cooldownMs) {
      return;
    }
    // In slow start the measured rate lags the doubling rate by about half, so it would put W (and the
    // cut) near half the quota; the allowed rate the overload was sent at is the better estimate there.
    const measured = this.#phase === 'slow-start' ? Infinity : (this.measuredRate ?? Infinity);
    const candidates = [this.#rate, measured, currentRate ?? Infinity];
    const rateToUse = Math.min(...candidates);
    const lastMax = Math.max(this.#minRate, Number.isFinite(rateToUse) ? rateToUse : this.#minRate);
    this.#lastMaxRate = lastMax;
    this.#rate = Math.max(this.#minRate, factor * lastMax);
    this.#cycleMs = Math.max(this.#timeScaleMs, this.#minCycleSends * (this.#intervalAverageMs ?? 0));
    this.#plateauAt = now + this.#cycleMs * Math.cbrt((1 - factor) / this.#scale);
    this.#phase = 'cubic';
    this.#lastDecreaseAt = now;
    this.#updatedAt = Math.max(this.#updatedAt, now);
  }

  #cubic(now: number): number {
    const lastMax = this.#lastMaxRate ?? this.#rate;
    const offset = (now - this.#plateauAt) / this.#cycleMs;
    return lastMax * (1 + this.#scale * offset ** 3);
  }
}

const maxIntervalMs = 1000;

/**
 * The tuning of an {@link AdaptiveRate} with every default filled in (not validated; the
 * constructor validates). Shared stores apply the same numbers in their own controllers.
 */
export function resolveAdaptiveOptions(options: Omit<AdaptiveRateOptions, 'initialRate'> = {}): Required<Omit<AdaptiveRateOptions, 'initialRate'>> {
  return {
    slowStartGrowthPerSecond: options.slowStartGrowthPerSecond ?? 3,
    beta: options.beta ?? 0.7,
    burstBeta: options.burstBeta ?? 0.9,
    scaleConstant: options.scaleConstant ?? 0.4,
    timeScaleMs: options.timeScaleMs ?? 20_000,
    minCycleSends: options.minCycleSends ?? 200,
    cooldownMs: options.cooldownMs ?? 1000,
    minRate: options.minRate ?? 0.5,
    smoothing: options.smoothing ?? 0.1,
  };
}

function check(
  name: string,
  value: number,
  low: number,
  high: number,
  exclusiveLow = false,
): number {
  const aboveLow = exclusiveLow ? value > low : value >= low;
  if (!(aboveLow && value <= high && !Number.isNaN(value)) || value === Infinity) {
    throw new RangeError(`${name} must be in ${exclusiveLow ? '(' : '['}${low}, ${high}], got ${value}`);
  }
  return value;
}

function assertTime(now: number): void {
  if (!Number.isFinite(now)) throw new RangeError(`clock reading must be finite, got ${now}`);
}
