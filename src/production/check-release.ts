import type { ReleaseOptions } from './rate-limiter.js';

const outcomes = new Set(['success', 'throttled', 'error']);
const throttleKinds = new Set(['requests', 'tokens', 'burst']);

/**
 * Validates the options of `Permit.release` before anything changes.
 * @throws RangeError for an unknown outcome or throttle kind, or an `actualTokens` that is negative or not finite.
 */
export function checkRelease(options: ReleaseOptions): void {
  const { outcome, throttle, actualTokens } = options;
  if (!outcomes.has(outcome)) throw new RangeError(`unknown outcome: ${String(outcome)}`);
  if (throttle !== undefined && !throttleKinds.has(throttle)) {
    throw new RangeError(`unknown throttle kind: ${String(throttle)}`);
  }
  if (actualTokens !== undefined && !(Number.isFinite(actualTokens) && actualTokens >= 0)) {
    throw new RangeError(`actualTokens must be finite and >= 0, got ${actualTokens}`);
  }
}
