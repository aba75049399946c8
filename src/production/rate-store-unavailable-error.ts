import { DashScopeError } from '../core/errors.js';

/**
 * Rejects `RateLimiter.acquire` when the limiter's shared {@link RateLimitStore} (Redis, for
 * example) did not answer within `storeTimeoutMs` or answered with an error. The limiter fails
 * closed: without the shared state it cannot know how much of the account's quota other processes
 * are using, so it sends nothing rather than overrun the quota. Retryable: a bulk job stops with
 * its finished work kept and resumes once the store is back. `cause` is the store's error, if any.
 */
export class RateStoreUnavailableError extends DashScopeError {
  override name = 'RateStoreUnavailableError';
  override readonly isRetryable: boolean = true;
  /** Model whose permit was asked for. */
  readonly model: string;

  constructor(model: string, detail: string, options?: { cause?: unknown }) {
    super(`The shared rate-limit store did not admit a request for ${model}: ${detail}. Nothing was sent.`, options);
    this.model = model;
  }
}
