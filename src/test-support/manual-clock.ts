import type { Clock } from '../production/clock.js';

interface Timer {
  due: number;
  order: number;
  fire: () => void;
}

/**
 * A deterministic {@link Clock} for tests and simulations: time moves only when the test calls
 * `advanceBy`/`advanceTo`, which fire due sleeps in time order (ties in the order they were
 * started) and let every promise chain settle between two timers.
 */
export class ManualClock implements Clock {
  #now: number;
  #order = 0;
  readonly #timers = new Set<Timer>();

  constructor(start = 0) {
    this.#now = start;
  }

  now(): number {
    return this.#now;
  }

  /** Sleeps that have neither fired nor been aborted. */
  get pendingTimers(): number {
    return this.#timers.size;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      if (signal?.aborted) {
        reject(signal.reason);
        return;
      }
      const onAbort = () => {
        this.#timers.delete(timer);
        reject((signal as AbortSignal).reason);
      };
      const timer: Timer = {
        due: this.#now + Math.max(0, ms),
        order: this.#order++,
        fire: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.#timers.add(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  async advanceBy(ms: number): Promise<void> {
    await this.advanceTo(this.#now + ms);
  }

  async advanceTo(target: number): Promise<void> {
    await settle();
    for (;;) {
      let next: Timer | undefined;
      for (const timer of this.#timers) {
        if (timer.due > target) continue;
        if (!next || timer.due < next.due || (timer.due === next.due && timer.order < next.order)) {
          next = timer;
        }
      }
      if (!next) break;
      this.#timers.delete(next);
      this.#now = Math.max(this.#now, next.due);
      next.fire();
      await settle();
    }
    this.#now = Math.max(this.#now, target);
    await settle();
  }
}

function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
