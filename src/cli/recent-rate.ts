/** Default window of {@link RecentRate}, in ms. */
export const RECENT_RATE_WINDOW_MS = 10_000;

/**
 * Throughput over a recent window (default the last 10 s) rather than since the start, so a slow start
 * (loading the tokenizer, a burst of unchanged files) does not skew the rate and ETA for long.
 */
export class RecentRate {
  readonly #windowMs: number;
  readonly #now: () => number;
  #samples: { at: number; done: number }[] = [];

  /** @param windowMs window length in ms; @param now clock in ms (tests pass a manual one). */
  constructor(windowMs = RECENT_RATE_WINDOW_MS, now: () => number = Date.now) {
    this.#windowMs = windowMs;
    this.#now = now;
  }

  /** Starts over at `done` items (a new phase). */
  reset(done = 0): void {
    this.#samples = [{ at: this.#now(), done }];
  }

  /** Records that `done` items are finished now. */
  record(done: number): void {
    const at = this.#now();
    this.#samples.push({ at, done });
    while (this.#samples.length > 2 && at - (this.#samples[1]?.at ?? at) >= this.#windowMs) this.#samples.shift();
  }

  /** Items per second over the window, or `undefined` before 200 ms of data. */
  perSecond(): number | undefined {
    const first = this.#samples[0];
    const last = this.#samples[this.#samples.length - 1];
    if (!first || !last || last.at - first.at < 200) return undefined;
    return ((last.done - first.done) * 1000) / (last.at - first.at);
  }

  /** Seconds left for `total` items at the recent rate, or `undefined` when the rate is unknown or zero. */
  secondsLeft(total: number): number | undefined {
    const rate = this.perSecond();
    const last = this.#samples[this.#samples.length - 1];
    if (rate === undefined || rate <= 0 || !last) return undefined;
    return Math.max(0, total - last.done) / rate;
  }
}
