import type { RateLimitStore } from '../production/rate-limit-store.js';
import { RateLimiter } from '../production/rate-limiter.js';

/**
 * The rate limiter of a CLI job for `model`. With `--rpm`/`--tpm` known: pacing by those limits only (adaptive
 * off, 98 % of them). Without: no slow start (`initialRequestsPerSecond: Infinity`), so `--concurrency`
 * alone bounds the job until the first throttle, after which the adaptive controller finds the quota
 * (https://www.alibabacloud.com/help/en/model-studio/rate-limit). A 20,000-line job on an unthrottled server
 * takes as long as with `--rpm` (bench/reports/limiter-defaults.md); slow start from 4 requests/s took 3× as long.
 * `store` (the `--redis` job's `RedisRateStore`) puts that state where every worker shares it.
 * @throws RangeError for a limit that is not a positive number.
 */
export function createCliRateLimiter(model: string, known: { rpm?: number | undefined; tpm?: number | undefined } = {}, store?: RateLimitStore): RateLimiter {
  const limits: { rpm?: number; tpm?: number } = {};
  if (known.rpm !== undefined) limits.rpm = known.rpm;
  if (known.tpm !== undefined) limits.tpm = known.tpm;
  const given = known.rpm !== undefined || known.tpm !== undefined;
  return new RateLimiter({ limits: { [model]: limits }, adaptive: given ? false : { initialRequestsPerSecond: Infinity }, ...(store ? { store } : {}) });
}
