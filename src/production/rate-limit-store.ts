import type { AdaptivePhase, AdaptiveRateOptions } from './adaptive-rate.js';
import type { ThrottleKind } from '../core/classify-throttle.js';
import type { ModelLimits } from './rate-limiter.js';

/**
 * How one model is paced, sent by the {@link RateLimiter} with every store call so that every
 * process sharing a store applies the same rules (the store keeps state, not configuration).
 * Units: requests per minute, tokens per minute, seconds, milliseconds; see
 * https://www.alibabacloud.com/help/en/model-studio/rate-limit for why quotas are paced per second.
 */
export interface StorePacing {
  /** Known limits of the model for the account; an omitted field is unknown. */
  limits: ModelLimits;
  /** Fraction of a known per-second quota held back, in [0, 0.5] (see `RateLimiterOptions.headroom`). */
  headroom: number;
  /** Token bucket capacity in seconds of token quota, in (0, 1]. */
  tokenBurstSeconds: number;
  /**
   * The shared adaptive controllers' tuning, or `false` to pace by known limits only.
   * `initialRequestsPerSecond` starts slow start when the RPM is unknown.
   */
  adaptive:
    | false
    | {
        initialRequestsPerSecond: number;
        /** See `AdaptiveLimiterOptions.strayThrottleWindowMs`. */
        strayThrottleWindowMs: number;
        requests: Required<Omit<AdaptiveRateOptions, 'initialRate'>>;
        tokens: Required<Omit<AdaptiveRateOptions, 'initialRate'>>;
      };
}

/** One admission request to a {@link RateLimitStore}. */
export interface StoreAcquireRequest {
  model: string;
  /** Tokens to reserve against TPM (input plus expected output). */
  tokens: number;
  /** Unique id of the lease the store records for this request while it is in flight. */
  leaseId: string;
  /** How long (ms) the lease lives unless renewed; a crashed process's leases come back after it. */
  leaseMs: number;
  /**
   * A permit due within this many ms may be granted now for its due time, the caller sleeping until
   * then: the schedule, not the caller's timer, then paces the sends, so late wake-ups lose no quota.
   */
  lookaheadMs: number;
  pacing: StorePacing;
}

/**
 * A store's answer: admitted for store time `at` (ms on the store's own clock), which is `delayMs`
 * from now (0 unless granted ahead, see `lookaheadMs`): the request may be sent after that delay. Or
 * not yet, with the time (ms) after which trying again may succeed.
 */
export type StoreDecision = { granted: true; at: number; delayMs: number } | { granted: false; waitMs: number };

/** The end of one admitted request, reported to the store. */
export interface StoreReleaseRequest {
  model: string;
  leaseId: string;
  /** Tokens reserved at admission. */
  tokens: number;
  /** Tokens the response reports; corrects the reservation. */
  actualTokens: number | undefined;
  outcome: 'success' | 'throttled' | 'error';
  /** Which limit a throttle hit. */
  throttle: ThrottleKind | undefined;
  /** Store time (ms) of the admission, from {@link StoreDecision}. */
  sentAt: number;
  pacing: StorePacing;
}

/** A store's view of one model, summed over every process that shares it. Rates are `Infinity` when unlimited. */
export interface StoreStats {
  /** Pacing rate in requests/s. */
  requestsPerSecond: number;
  /** Pacing rate in tokens/s. */
  tokensPerSecond: number;
  /** Leases held now, by all processes. */
  inFlight: number;
  requestPhase: AdaptivePhase | undefined;
  tokenPhase: AdaptivePhase | undefined;
}

/**
 * Where a {@link RateLimiter} keeps the state that must be shared when several processes use one
 * DashScope account: the request and token buckets per model, the concurrency leases and the
 * adaptive controllers. Without a store the limiter keeps all of it in its own memory, which is
 * right when one process is alone on its account. `RedisRateStore` (`dashscope-kit/production/node`) is the shared one.
 *
 * A store decides atomically: two processes asking at once can never both take the last permit.
 * Every method may reject (the store is unreachable); the limiter turns that into a
 * `RateStoreUnavailableError` and never waits longer than its `storeTimeoutMs` for an answer.
 */
export interface RateLimitStore {
  /** Admits one request if the buckets and the concurrency limit allow it now, recording its lease. */
  acquire(request: StoreAcquireRequest): Promise<StoreDecision>;
  /** Ends a lease, corrects the token reservation and feeds the outcome to the shared controllers. */
  release(request: StoreReleaseRequest): Promise<void>;
  /** Extends a lease that is still held; resolves `false` when it had already expired. */
  renew(model: string, leaseId: string, leaseMs: number): Promise<boolean>;
  /** The shared state of `model` now. */
  stats(model: string, pacing: StorePacing): Promise<StoreStats>;
}
