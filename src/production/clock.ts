/**
 * The time source of the production layer. Everything that waits or measures time takes a `Clock`,
 * so tests and simulations can drive it deterministically instead of sleeping on the wall clock.
 *
 * - `now()` returns milliseconds on a monotonic scale; only differences are meaningful.
 * - `sleep(ms, signal)` resolves after `ms` milliseconds. When `signal` aborts first, it rejects
 *   with `signal.reason` and leaves no timer behind; when `signal` is already aborted it rejects at
 *   once without starting a timer.
 *
 * @example
 * const clock: Clock = systemClock;
 * const started = clock.now();
 * await clock.sleep(250);
 * console.log(clock.now() - started >= 250);
 */
export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/**
 * The real clock, usable on any runtime: `performance.now()` when available (monotonic, ms),
 * otherwise `Date.now()`; `sleep` uses the global `setTimeout` and clears it on abort.
 *
 * @throws from `sleep`: the signal's `reason` when the signal aborts (an `AbortError`
 * `DOMException` unless the caller supplied another reason).
 */
export const systemClock: Clock = {
  now: () => (typeof performance === 'undefined' ? Date.now() : performance.now()),
  sleep: (ms, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(abortReason(signal));
        return;
      }
      const onAbort = () => {
        clearTimeout(timer);
        reject(abortReason(signal as AbortSignal));
      };
      const timer = setTimeout(
        () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        Math.max(0, ms),
      );
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};

/** The value a rejected wait carries: the signal's reason, or a standard `AbortError`. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}
