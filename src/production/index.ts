/**
 * dashscope-kit/production: rate control for bulk and production use of DashScope, following
 * https://www.alibabacloud.com/help/en/model-studio/rate-limit. Runtime-neutral: no Node built-ins.
 */
export {
  type AdaptivePhase,
  type AdaptiveRateOptions,
  type ThrottleContext,
  AdaptiveRate,
} from './adaptive-rate.js';
export { type ThrottleKind, type ThrottleSignal, classifyThrottle } from './classify-throttle.js';
export { type Clock, systemClock } from './clock.js';
export {
  type AcquireOptions,
  type AdaptiveLimiterOptions,
  type ModelLimits,
  type Permit,
  type RateLimiterOptions,
  type RateLimiterStats,
  type ReleaseOptions,
  RateLimiter,
} from './rate-limiter.js';
export { type RetryBudgetOptions, type RetryKind, RetryBudget } from './retry-budget.js';
export { type TokenBucketOptions, type TokenBucketRate, TokenBucket } from './token-bucket.js';
