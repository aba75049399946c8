import type { EmulatorRateLimit } from './emulator-options.js';

/** The two DashScope throttling codes: requests (RPM/RPS) and tokens (TPM/TPS). */
export type ThrottleCode = 'Throttling.RateQuota' | 'Throttling.AllocationQuota';

/** Outcome of {@link RateLimiter.admit}. `retryAfterMs` is the time until the binding window rolls over. */
export type RateDecision = { allowed: true } | { allowed: false; code: ThrottleCode; retryAfterMs: number };

/** Per-model request and token windows: {@link createRateLimiter}. */
export interface RateLimiter {
  /** Admits one request carrying `tokens` input tokens, counting it, or says which limit it trips. */
  admit(model: string, tokens: number): RateDecision;
  /** Adds tokens produced after admission (chat output) to the model's current windows. */
  addTokens(model: string, tokens: number): void;
  /** Forgets every window. */
  reset(): void;
}

interface Windows {
  minute: number;
  minuteRequests: number;
  minuteTokens: number;
  second: number;
  secondRequests: number;
  secondTokens: number;
}

function exceeds(used: number, adding: number, limit: number | undefined): boolean {
  return limit !== undefined && used > 0 && used + adding > limit;
}

/**
 * Fixed-window limiter enforcing, per model, RPM and TPM over each clock minute and RPS = ⌈rpm/60⌉
 * and TPS = ⌈tpm/60⌉ over each clock second, as DashScope does
 * (https://www.alibabacloud.com/help/en/model-studio/rate-limit). Requests are checked first
 * (`Throttling.RateQuota`), then tokens (`Throttling.AllocationQuota`). A window that is still empty
 * admits one request whatever its size, so a single oversized call is never locked out forever.
 * Throttled requests are not counted.
 *
 * @param limitsFor the limits of a model, or `undefined` for none.
 * @param clock epoch milliseconds.
 */
export function createRateLimiter(limitsFor: (model: string) => EmulatorRateLimit | undefined, clock: () => number): RateLimiter {
  const windows = new Map<string, Windows>();

  function current(model: string, now: number): Windows {
    const minute = Math.floor(now / 60_000);
    const second = Math.floor(now / 1_000);
    let entry = windows.get(model);
    if (!entry) {
      entry = { minute, minuteRequests: 0, minuteTokens: 0, second, secondRequests: 0, secondTokens: 0 };
      windows.set(model, entry);
    }
    if (entry.minute !== minute) Object.assign(entry, { minute, minuteRequests: 0, minuteTokens: 0 });
    if (entry.second !== second) Object.assign(entry, { second, secondRequests: 0, secondTokens: 0 });
    return entry;
  }

  return {
    admit(model, tokens) {
      const limits = limitsFor(model);
      if (!limits || (limits.rpm === undefined && limits.tpm === undefined)) return { allowed: true };
      const now = clock();
      const entry = current(model, now);
      const toNextSecond = 1_000 - (now % 1_000);
      const toNextMinute = 60_000 - (now % 60_000);
      const rps = limits.rpm === undefined ? undefined : Math.ceil(limits.rpm / 60);
      const tps = limits.tpm === undefined ? undefined : Math.ceil(limits.tpm / 60);
      if (exceeds(entry.minuteRequests, 1, limits.rpm)) return { allowed: false, code: 'Throttling.RateQuota', retryAfterMs: toNextMinute };
      if (exceeds(entry.secondRequests, 1, rps)) return { allowed: false, code: 'Throttling.RateQuota', retryAfterMs: toNextSecond };
      if (exceeds(entry.minuteTokens, tokens, limits.tpm)) return { allowed: false, code: 'Throttling.AllocationQuota', retryAfterMs: toNextMinute };
      if (exceeds(entry.secondTokens, tokens, tps)) return { allowed: false, code: 'Throttling.AllocationQuota', retryAfterMs: toNextSecond };
      entry.minuteRequests++;
      entry.secondRequests++;
      entry.minuteTokens += tokens;
      entry.secondTokens += tokens;
      return { allowed: true };
    },
    addTokens(model, tokens) {
      const limits = limitsFor(model);
      if (!limits || limits.tpm === undefined || tokens === 0) return;
      const entry = current(model, clock());
      entry.minuteTokens += tokens;
      entry.secondTokens += tokens;
    },
    reset() {
      windows.clear();
    },
  };
}
