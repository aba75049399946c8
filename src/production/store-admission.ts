import type { Clock } from './clock.js';
import { abortReason } from './clock.js';
import type { RateLimitStore, StoreDecision, StorePacing } from './rate-limit-store.js';
import { RateStoreUnavailableError } from './rate-store-unavailable-error.js';
import type { Permit, ReleaseOptions } from './rate-limiter.js';
import { checkRelease } from './check-release.js';

/** Settings of a {@link StoreAdmission}; all times in ms. */
export interface StoreAdmissionOptions {
  store: RateLimitStore;
  model: string;
  clock: Clock;
  /** The pacing rules, read at every store call so `setLimits` takes effect at once. */
  pacing: () => StorePacing;
  /** Life of a lease; it is renewed every third of it while the permit is held. */
  leaseMs: number;
  /** Longest wait for one store answer before failing closed. */
  storeTimeoutMs: number;
}

interface Waiter {
  tokens: number;
  signal: AbortSignal | undefined;
  resolve: (permit: Permit) => void;
  reject: (reason: unknown) => void;
}

// Longest sleep between two store calls for a waiting head: another process's release can free a
// slot earlier than the store's estimate, and the store cannot notify us (a release in this process
// wakes the head at once).
const maxPollMs = 50;

// How far ahead of its due time a permit may be granted (see StoreAcquireRequest.lookaheadMs).
const lookaheadMs = 25;

let leaseCounter = 0;

/**
 * The admission queue of one model on one {@link RateLimiter} when its state lives in a
 * {@link RateLimitStore}: waiters are admitted first-in-first-out within this process, and only the
 * head asks the store, sleeping for the store's estimate (at most 50 ms) between tries, or until a
 * permit of this process is released. A held
 * permit renews its lease every `leaseMs / 3`; release is sent to the store without blocking the
 * caller (a lost release only delays the slot until the lease expires).
 */
export class StoreAdmission {
  readonly #options: StoreAdmissionOptions;
  readonly #queue: Waiter[] = [];
  #running = false;
  #inFlight = 0;
  #wake: AbortController | undefined;

  constructor(options: StoreAdmissionOptions) {
    this.#options = options;
  }

  /** Permits held by this process now. */
  get inFlight(): number {
    return this.#inFlight;
  }

  /** Waiters of this process now. */
  get queued(): number {
    return this.#queue.length;
  }

  /**
   * Waits for a permit for one request of `tokens` tokens.
   * @throws (rejects) `signal.reason` when aborted first; {@link RateStoreUnavailableError} when the
   *   store errs or does not answer within `storeTimeoutMs`.
   */
  acquire(tokens: number, signal: AbortSignal | undefined): Promise<Permit> {
    return new Promise<Permit>((resolve, reject) => {
      const waiter: Waiter = { tokens, signal, resolve, reject };
      const onAbort = () => {
        const index = this.#queue.indexOf(waiter);
        if (index === -1) return;
        this.#queue.splice(index, 1);
        reject(abortReason(signal as AbortSignal));
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      waiter.resolve = (permit) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(permit);
      };
      waiter.reject = (reason) => {
        signal?.removeEventListener('abort', onAbort);
        reject(reason);
      };
      this.#queue.push(waiter);
      if (!this.#running) void this.#run();
    });
  }

  async #run(): Promise<void> {
    this.#running = true;
    try {
      for (let head = this.#queue[0]; head; head = this.#queue[0]) {
        const leaseId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 10)}-${(leaseCounter++).toString(36)}`;
        let decision: StoreDecision;
        try {
          decision = await this.#ask(() =>
            this.#options.store.acquire({ model: this.#options.model, tokens: head.tokens, leaseId, leaseMs: this.#options.leaseMs, lookaheadMs, pacing: this.#options.pacing() }),
          );
        } catch (error) {
          // Fail closed for every waiter: none of them can be admitted without the shared state.
          for (const waiter of this.#queue.splice(0)) waiter.reject(error);
          return;
        }
        if (this.#queue[0] !== head) {
          // The head gave up while the store was deciding; hand a granted lease straight back.
          if (decision.granted) void this.#sendRelease(leaseId, head.tokens, decision.at, { outcome: 'error' });
          continue;
        }
        if (decision.granted) {
          this.#queue.shift();
          if (decision.delayMs > 0) void this.#handOver(head, leaseId, decision);
          else head.resolve(this.#permit(leaseId, head.tokens, decision.at));
          continue;
        }
        const wait = Math.min(maxPollMs, Math.max(1, decision.waitMs));
        const wake = new AbortController();
        this.#wake = wake;
        const stop = head.signal ? AbortSignal.any([head.signal, wake.signal]) : wake.signal;
        try {
          await this.#options.clock.sleep(wait, stop);
        } catch {
          // Aborted (the abort listener already removed and rejected the waiter) or woken by a release here.
        }
        this.#wake = undefined;
      }
    } finally {
      this.#running = false;
    }
  }

  // A permit granted ahead: the waiter stays pending until its due time, while the next waiter asks.
  async #handOver(head: Waiter, leaseId: string, decision: { at: number; delayMs: number }): Promise<void> {
    try {
      await this.#options.clock.sleep(decision.delayMs, head.signal);
    } catch (reason) {
      void this.#sendRelease(leaseId, head.tokens, decision.at, { outcome: 'error' });
      head.reject(reason);
      return;
    }
    head.resolve(this.#permit(leaseId, head.tokens, decision.at));
  }

  #ask<T>(call: () => Promise<T>): Promise<T> {
    const { model, storeTimeoutMs } = this.#options;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new RateStoreUnavailableError(model, `no answer within ${storeTimeoutMs} ms`)), storeTimeoutMs);
      call().then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (error: unknown) => {
          clearTimeout(timer);
          const detail = error instanceof Error ? error.message : String(error);
          reject(error instanceof RateStoreUnavailableError ? error : new RateStoreUnavailableError(model, detail, { cause: error }));
        },
      );
    });
  }

  #permit(leaseId: string, tokens: number, at: number): Permit {
    const { store, model, leaseMs } = this.#options;
    this.#inFlight++;
    let released = false;
    const renew = setInterval(() => {
      store.renew(model, leaseId, leaseMs).catch(() => undefined);
    }, leaseMs / 3);
    (renew as { unref?: () => void }).unref?.();
    return {
      model,
      tokens,
      acquiredAt: this.#options.clock.now(),
      release: (options: ReleaseOptions) => {
        checkRelease(options);
        if (released) return;
        released = true;
        clearInterval(renew);
        this.#inFlight--;
        this.#sendRelease(leaseId, tokens, at, options).finally(() => this.#wake?.abort());
      },
    };
  }

  #sendRelease(leaseId: string, tokens: number, sentAt: number, options: ReleaseOptions): Promise<void> {
    const { store, model } = this.#options;
    return store
      .release({
        model,
        leaseId,
        tokens,
        actualTokens: options.actualTokens,
        outcome: options.outcome,
        throttle: options.throttle,
        sentAt,
        pacing: this.#options.pacing(),
      })
      .catch(() => undefined);
  }
}
