/**
 * Which DashScope limit a throttle hit: `'requests'` (RPM/RPS), `'tokens'` (TPM/TPS) or `'burst'`
 * (the growth-rate protection that rejects traffic ramping up too quickly).
 */
export type ThrottleKind = 'requests' | 'tokens' | 'burst';

/** The parts of a DashScope error that identify a throttle; all optional. */
export interface ThrottleSignal {
  /** HTTP status; 200 for an error event inside a streamed response. */
  status?: number | undefined;
  /** Native `code` (`Throttling.RateQuota`) or OpenAI-compatible `error.code` (`limit_requests`). */
  code?: string | null | undefined;
  /** OpenAI-compatible `error.type`, which repeats the code on DashScope. */
  type?: string | null | undefined;
  message?: string | null | undefined;
}

const codes: Record<string, ThrottleKind> = {
  Throttling: 'requests',
  'Throttling.RateQuota': 'requests',
  limit_requests: 'requests',
  'Throttling.AllocationQuota': 'tokens',
  insufficient_quota: 'tokens',
  'Throttling.BurstRate': 'burst',
  limit_burst_rate: 'burst',
};

const notRateLimits = new Set([
  'CommodityNotPurchased',
  'PrepaidBillOverdue',
  'PostpaidBillOverdue',
  'Arrearage',
]);

const messages: [RegExp, ThrottleKind][] = [
  [/rate increased too quickly/i, 'burst'],
  [/requests rate limit exceeded|current requests list|current request limit/i, 'requests'],
  [/allocated quota exceeded|exceeded your current quota/i, 'tokens'],
  [/requests throttling triggered|too many requests/i, 'requests'],
];

/**
 * Tells which limit a DashScope error reports, or `undefined` when it is not a rate throttle.
 *
 * Follows the error catalogue and https://www.alibabacloud.com/help/en/model-studio/rate-limit:
 * `Throttling.RateQuota` / `limit_requests` → `'requests'`; `Throttling.AllocationQuota` /
 * `insufficient_quota` → `'tokens'` (transient on DashScope despite OpenAI's billing wording);
 * `Throttling.BurstRate` / `limit_burst_rate` → `'burst'`; a bare `Throttling` or an unrecognised
 * 429 → `'requests'`. Known messages are used when the code is missing. Not throttles: billing
 * states (`Arrearage`, `CommodityNotPurchased`, `*BillOverdue`), the permanent "Free allocated
 * quota exceeded" of free-tier-only models, and any status other than 200 or 429 (HTTP 400
 * `Throttling.AllocationQuota` is a resource-count quota, not a rate).
 *
 * @example
 * classifyThrottle({ status: 429, code: 'Throttling.AllocationQuota' }); // 'tokens'
 * classifyThrottle({ status: 429, code: 'limit_requests' }); // 'requests'
 */
export function classifyThrottle(signal: ThrottleSignal): ThrottleKind | undefined {
  const { status } = signal;
  if (status !== undefined && status !== 429 && status !== 200) return undefined;
  const message = signal.message ?? '';
  if (/free (allocated )?quota|free[- ]tier/i.test(message)) return undefined;
  for (const code of [signal.code, signal.type]) {
    if (!code) continue;
    if (notRateLimits.has(code)) return undefined;
    if (Object.hasOwn(codes, code)) return codes[code];
  }
  for (const [pattern, kind] of messages) {
    if (pattern.test(message)) return kind;
  }
  return status === 429 ? 'requests' : undefined;
}
