/**
 * dashscope-kit/production: rate control for bulk and production use of DashScope, following
 * https://www.alibabacloud.com/help/en/model-studio/rate-limit. Runtime-neutral: no Node built-ins.
 */
export {
  type AdaptivePhase,
  type AdaptiveRateOptions,
  type ThrottleContext,
  AdaptiveRate,
  resolveAdaptiveOptions,
} from './adaptive-rate.js';
export { type ThrottleKind, type ThrottleSignal, classifyThrottle } from '../core/classify-throttle.js';
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
export type {
  RateLimitStore,
  StoreAcquireRequest,
  StoreDecision,
  StorePacing,
  StoreReleaseRequest,
  StoreStats,
} from './rate-limit-store.js';
export { RateStoreUnavailableError } from './rate-store-unavailable-error.js';
export { type RetryBudgetOptions, type RetryKind, RetryBudget } from './retry-budget.js';
export { type TokenBucketOptions, type TokenBucketRate, TokenBucket } from './token-bucket.js';
export { type RateLimitedFetchOptions, createRateLimitedFetch } from './create-rate-limited-fetch.js';
export { type RequestTokens, readRequestTokens } from './read-request-tokens.js';
export { type EmbedManyParams, type EmbedManyResult, embedMany } from './embed-many.js';
export type { EmbedBatch, EmbedFailure, EmbedFailureReason, EmbedOutcome, EmbedParams, EmbedStats } from './resolve-embed-settings.js';
export {
  type EmbedMultimodalManyParams,
  type EmbedMultimodalManyResult,
  type MultimodalEmbedFailure,
  embedMultimodalMany,
} from './embed-multimodal-many.js';
export { type RerankManyParams, type RerankManyResult, rerankMany } from './rerank-many.js';
export { type Oversize, classifyOversize } from './classify-oversize.js';
export { type CostEstimate, type CostParams, type PricedCost, type UnpricedCost, estimateCost } from './estimate-cost.js';
export { batchPrice } from './batch-price.js';
export {
  type ChatCostInput,
  type EmbeddingCostInput,
  type RequestCostEstimate,
  type RequestCostOptions,
  type RerankCostInput,
  estimateRequestCost,
} from './estimate-request-cost.js';
