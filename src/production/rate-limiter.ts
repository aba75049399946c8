import { type AdaptivePhase, type AdaptiveRateOptions, AdaptiveRate, resolveAdaptiveOptions } from './adaptive-rate.js';
import type { ThrottleKind } from '../core/classify-throttle.js';
import { type Clock, abortReason, systemClock } from './clock.js';
import { TokenBucket } from './token-bucket.js';
import { checkRelease } from './check-release.js';
import type { RateLimitStore, StorePacing, StoreStats } from './rate-limit-store.js';
import { StoreAdmission } from './store-admission.js';

/**
 * Known limits of one model for this account. Units: requests per minute, tokens per minute
 * (input + output, as DashScope counts them), requests in flight. Omitted means unknown or none.
 */
export interface ModelLimits {
  rpm?: number;
  tpm?: number;
  maxConcurrency?: number;
}

/** Adaptive control settings of a {@link RateLimiter}. */
export interface AdaptiveLimiterOptions {
  /**
   * Request rate (requests/s) at which slow start begins for a model without a known `rpm`.
   * `Infinity` skips slow start: the model is then bound only by the caller's concurrency until the
   * first throttle, whose measured send rate becomes the CUBIC maximum (AWS adaptive mode). That is
   * fastest when the quota is generous or the server never throttles, at the price of one burst of
   * throttles at the start when it is not (32 of 125 requests in the first 10 s against 600 RPM with
   * 16 workers in simulation, then under 1 %).
   * @default 4 (0.4 of the smallest RPM in the catalog, 600; with the default tripling per second a
   * client bound only by its concurrency at ~100 requests/s is at full speed within 4 s)
   */
  initialRequestsPerSecond?: number;
  /** Tuning of the request-rate controller; `initialRate` is set by the limiter. */
  requests?: Omit<AdaptiveRateOptions, 'initialRate'>;
  /** Tuning of the token-rate controller (idle until a token throttle). @default minRate 100 tokens/s */
  tokens?: Omit<AdaptiveRateOptions, 'initialRate'>;
  /**
   * With a known limit, a throttle while the controller is idle is taken as a stray (the limit is
   * right, but network or server jitter bunched requests into one second): the bucket is emptied and
   * the rate kept. Throttles within the controller's `cooldownMs` of a stray count as the same event.
   * Within this many ms two stray events are tolerated, plus for requests while `headroom · RPS < 1`
   * one per beat of the pacing against 1-second windows, `floor(headroom · RPS · window / 1000)` (a
   * client paced at `(1 − headroom) · RPS` fills a clock second to the brim every `1 / (headroom · RPS)`
   * s, where any arrival jitter throws a 429), at most `window / cooldownMs − 3` so that a real excess,
   * which makes an event every second or so, still cuts; the next event shows the real quota is lower
   * and starts the CUBIC decrease. 1,200 RPM at the default headroom: 6 tolerated, the 7th within 10 s
   * cuts (against the emulator's clock-second windows and 40 ms + log-normal(30 ms) latency, a client at
   * 98 % drew up to 5 stray events within 10 s, with or without transient faults; tolerating two cut the
   * rate in 3 of 6 20-s runs). 600 RPM: the 5th; 2,400 RPM: the 8th; 3,000 RPM and above, or headroom 0:
   * the 3rd. `0` cuts on every throttle event.
   * @default 10000
   */
  strayThrottleWindowMs?: number;
}

/** Options for {@link RateLimiter}. */
export interface RateLimiterOptions {
  /** Known limits per model id. */
  limits?: Record<string, ModelLimits>;
  /** Limits for models not listed in `limits`. @default {} (unknown) */
  defaultLimits?: ModelLimits;
  /** Time source (ms) and abortable sleep. @default systemClock */
  clock?: Clock;
  /**
   * Fraction of a known per-second quota held back from the pacing rate, in [0, 0.5]. Requests
   * are paced at `(1 − headroom) · RPS` with a burst of `max(1, headroom · RPS) + min(1, headroom · RPS) / 2`
   * (the half unit keeps the refill of a timer that wakes late), so no 1-second window, fixed or
   * sliding, ever receives more than `⌈RPS⌉` requests from this limiter (`floor(RPS) + 1` at
   * headroom 0). Tokens are paced at
   * `(1 − headroom) · TPS`.
   * @default 0.02
   */
  headroom?: number;
  /**
   * Capacity of the token bucket in seconds of token quota, in (0, 1]. It lets tokens not used
   * while the request limit was binding be spent on the next large request, which matters when
   * request sizes vary around the point where RPM and TPM bind equally (0.02 s lost ~7 % of the
   * token quota in simulation). Against a server that enforces TPS as a bucket holding one second
   * of quota, any value up to 1 never causes a throttle. If the server instead counts whole
   * requests in 1-second windows, a window can receive `max(bucket, largest request) + pacing
   * rate`; to avoid those throttles set `headroom` to at least the largest request's share of TPS
   * and this value to at most `headroom` (otherwise the adaptive safety net absorbs them, at
   * ~78 % of TPS for requests up to 18 % of TPS in simulation, against 82 % with zero throttles).
   * @default 0.25
   */
  tokenBurstSeconds?: number;
  /** Adaptive control, or `false` to pace only by known limits. @default {} */
  adaptive?: AdaptiveLimiterOptions | false;
  /**
   * Where the buckets, concurrency leases and adaptive state live. Omitted: in this limiter's memory,
   * right when one process is alone on its account. Pass a shared store (`RedisRateStore` from `dashscope-kit/production/node`)
   * when several processes or machines use one account, so that together they pace to the account's
   * quota and back off together after a throttle. Every process must use the same limits and options.
   */
  store?: RateLimitStore;
  /**
   * With a `store`: life (ms) of the lease that holds a concurrency slot while a request is in flight,
   * renewed every third of it by the permit; a crashed process's slots come back after it.
   * @default 15000
   */
  leaseMs?: number;
  /**
   * With a `store`: longest wait (ms) for one store answer. Past it, or on a store error, `acquire`
   * rejects with `RateStoreUnavailableError` (fail closed: nothing is sent without the shared state).
   * @default 2000
   */
  storeTimeoutMs?: number;
}

/** Arguments of {@link RateLimiter.acquire}. */
export interface AcquireOptions {
  /** Model id; limits and queues are per model. */
  model: string;
  /** Tokens to reserve against TPM: input plus expected output. @default 0 */
  tokens?: number;
  /** Abandons the wait; the promise then rejects with `signal.reason`. */
  signal?: AbortSignal;
}

/** Arguments of {@link Permit.release}. */
export interface ReleaseOptions {
  /** `'throttled'` for a DashScope throttle (see `classifyThrottle`), `'error'` for any other failure. */
  outcome: 'success' | 'throttled' | 'error';
  /** Which limit the throttle hit (see `classifyThrottle`). @default 'requests' */
  throttle?: ThrottleKind;
  /** Tokens the response reports as used; corrects the reservation (refund or extra debit). */
  actualTokens?: number;
}

/** Permission to send one request; release it exactly once when the response (or error) is in. */
export interface Permit {
  readonly model: string;
  /** Tokens reserved at admission. */
  readonly tokens: number;
  /** Clock reading (ms) at admission, i.e. when the request may be sent. */
  readonly acquiredAt: number;
  /**
   * Frees the concurrency slot, corrects the token reservation and feeds the outcome to the
   * adaptive controllers. Calls after the first are ignored.
   * @throws RangeError for an unknown outcome or throttle kind or a bad `actualTokens`; the permit is then still held.
   */
  release(options: ReleaseOptions): void;
}

/** A snapshot of one model's limiter state. Rates are `Infinity` when unlimited. */
export interface RateLimiterStats {
  /** Pacing rate in requests/s. */
  requestsPerSecond: number;
  /** Pacing rate in tokens/s. */
  tokensPerSecond: number;
  inFlight: number;
  queued: number;
  /** Adaptive phase of the request dimension, `undefined` when adaptive control is off. */
  requestPhase: AdaptivePhase | undefined;
  /** Adaptive phase of the token dimension, `undefined` when adaptive control is off. */
  tokenPhase: AdaptivePhase | undefined;
}

interface Waiter {
  tokens: number;
  resolve: (permit: Permit) => void;
  detach: () => void;
}

interface ModelState {
  model: string;
  limits: ModelLimits;
  requestBucket: TokenBucket | undefined;
  tokenBucket: TokenBucket | undefined;
  requestRate: AdaptiveRate | undefined;
  tokenRate: AdaptiveRate | undefined;
  inFlight: number;
  queue: Waiter[];
  wake: AbortController | undefined;
  /** When the stray throttle events still inside `strayThrottleWindowMs` were seen, per dimension, oldest first. */
  strayAt: { requests: number[]; tokens: number[] };
}

/**
 * Client-side rate control for DashScope, shared by chat, embeddings and rerank on one client and
 * keyed by model, because DashScope limits are per model per account and are enforced per minute
 * and per second (RPS = RPM/60, TPS = TPM/60), plus a growth-rate check on sudden ramps
 * (https://www.alibabacloud.com/help/en/model-studio/rate-limit).
 *
 * Per model it keeps a request bucket, a token bucket and a concurrency limit, and admits
 * waiters strictly first-in-first-out once all three allow. Pacing rate per dimension is
 * `min(known limit · (1 − headroom), adaptive rate)`:
 * - known `rpm`/`tpm`: even pacing; the request bucket holds `max(1, headroom · RPS)` requests (plus at most half a request for late timers),
 *   the token bucket `tokenBurstSeconds` of TPS (both at most one second of quota), and a new
 *   bucket starts with only the headroom's share. The adaptive controller stays idle until a
 *   throttle shows the real quota is lower than configured (e.g. shared with another process on
 *   the same account), then acts as a safety net;
 * - unknown `rpm`: slow start from `initialRequestsPerSecond`, then CUBIC around the throttle
 *   point (see {@link AdaptiveRate}); unknown `tpm`: unlimited until the first token throttle.
 * A request throttle (`Throttling.RateQuota`) cuts the request rate, a token throttle
 * (`Throttling.AllocationQuota`) the token rate, a growth-rate throttle (`Throttling.BurstRate`)
 * softens the request rate by a tenth.
 *
 * The limiter sends nothing itself; callers `acquire` before each HTTP attempt (retries too) and
 * `release` afterwards. A throttled attempt keeps its token reservation unless `actualTokens` says
 * otherwise. The limiter holds a timer only while a waiter is waiting for a bucket to refill, and
 * none once the queue is empty.
 *
 * @throws from the constructor and `setLimits`: RangeError for a limit, headroom, token burst or
 * adaptive option out of range. `acquire` rejects with TypeError for a missing model, RangeError for a bad
 * token count, and the signal's reason when aborted.
 *
 * @example
 * const limiter = new RateLimiter({ limits: { 'text-embedding-v4': { rpm: 1800, tpm: 1_200_000 } } });
 * const permit = await limiter.acquire({ model: 'text-embedding-v4', tokens: 2000, signal });
 * try {
 *   const response = await client.embeddings.create(params);
 *   permit.release({ outcome: 'success', actualTokens: response.usage.total_tokens });
 * } catch (error) {
 *   const throttle = classifyThrottle(error as ThrottleSignal);
 *   permit.release(throttle ? { outcome: 'throttled', throttle } : { outcome: 'error' });
 *   throw error;
 * }
 */
export class RateLimiter {
  readonly #clock: Clock;
  readonly #headroom: number;
  readonly #tokenBurstSeconds: number;
  readonly #limits: Map<string, ModelLimits>;
  readonly #defaultLimits: ModelLimits;
  readonly #adaptive: AdaptiveLimiterOptions | false;
  readonly #models = new Map<string, ModelState>();
  readonly #store: RateLimitStore | undefined;
  readonly #leaseMs: number;
  readonly #storeTimeoutMs: number;
  readonly #admissions = new Map<string, StoreAdmission>();

  constructor(options: RateLimiterOptions = {}) {
    this.#clock = options.clock ?? systemClock;
    this.#headroom = options.headroom ?? 0.02;
    if (!(this.#headroom >= 0 && this.#headroom <= 0.5)) {
      throw new RangeError(`headroom must be in [0, 0.5], got ${this.#headroom}`);
    }
    this.#tokenBurstSeconds = options.tokenBurstSeconds ?? 0.25;
    if (!(this.#tokenBurstSeconds > 0 && this.#tokenBurstSeconds <= 1)) {
      throw new RangeError(`tokenBurstSeconds must be in (0, 1], got ${this.#tokenBurstSeconds}`);
    }
    this.#limits = new Map();
    for (const [model, limits] of Object.entries(options.limits ?? {})) {
      this.#limits.set(model, validLimits(limits));
    }
    this.#defaultLimits = validLimits(options.defaultLimits ?? {});
    this.#adaptive = options.adaptive ?? {};
    if (this.#adaptive) {
      const initial = this.#adaptive.initialRequestsPerSecond ?? DEFAULT_INITIAL_RPS;
      if (!(initial > 0)) {
        throw new RangeError(`initialRequestsPerSecond must be > 0, got ${initial}`);
      }
      const stray = this.#adaptive.strayThrottleWindowMs ?? 10_000;
      if (!(Number.isFinite(stray) && stray >= 0)) throw new RangeError(`strayThrottleWindowMs must be finite and >= 0, got ${stray}`);
      // Building each controller once validates its options now rather than at first use.
      new AdaptiveRate(this.#adaptive.requests);
      new AdaptiveRate(this.#adaptive.tokens);
    }
    this.#store = options.store;
    this.#leaseMs = options.leaseMs ?? 15_000;
    if (!(Number.isFinite(this.#leaseMs) && this.#leaseMs >= 100)) throw new RangeError(`leaseMs must be finite and >= 100, got ${this.#leaseMs}`);
    this.#storeTimeoutMs = options.storeTimeoutMs ?? 2000;
    if (!(Number.isFinite(this.#storeTimeoutMs) && this.#storeTimeoutMs > 0)) {
      throw new RangeError(`storeTimeoutMs must be finite and > 0, got ${this.#storeTimeoutMs}`);
    }
  }

  /**
   * Waits until `model` may send one request of `tokens` tokens, in FIFO order per model.
   * @returns a {@link Permit} to release when the response is in.
   * @throws (rejects) TypeError for an empty model, RangeError for a negative or non-finite
   * `tokens`, `signal.reason` when the signal aborts before admission (no timer is left behind).
   */
  acquire(options: AcquireOptions): Promise<Permit> {
    const { model, signal } = options;
    const tokens = options.tokens ?? 0;
    if (typeof model !== 'string' || model === '') {
      return Promise.reject(new TypeError('model must be a non-empty string'));
    }
    if (!(Number.isFinite(tokens) && tokens >= 0)) {
      return Promise.reject(new RangeError(`tokens must be finite and >= 0, got ${tokens}`));
    }
    if (signal?.aborted) return Promise.reject(abortReason(signal));
    if (this.#store) return this.#admission(model, this.#store).acquire(tokens, signal);
    const state = this.#state(model);
    return new Promise<Permit>((resolve, reject) => {
      const onAbort = () => {
        const index = state.queue.indexOf(waiter);
        if (index === -1) return;
        state.queue.splice(index, 1);
        reject(abortReason(signal as AbortSignal));
        if (index === 0) this.#pump(state);
      };
      const waiter: Waiter = {
        tokens,
        resolve,
        detach: () => signal?.removeEventListener('abort', onAbort),
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      state.queue.push(waiter);
      if (state.queue.length === 1) this.#pump(state);
    });
  }

  /**
   * Replaces the known limits of `model` (for example after reading the account's quotas);
   * waiters are re-evaluated at once. When an RPM becomes known the request controller goes back
   * to idle safety net; when it becomes unknown, slow start begins again.
   * @throws RangeError for a limit that is not a positive number.
   */
  setLimits(model: string, limits: ModelLimits): void {
    const valid = validLimits(limits);
    this.#limits.set(model, valid);
    const state = this.#models.get(model);
    if (!state) return;
    if ((state.limits.rpm === undefined) !== (valid.rpm === undefined)) {
      state.requestRate = this.#requestController(valid, this.#clock.now());
    }
    state.limits = valid;
    this.#refreshRates(state);
    this.#pump(state);
  }

  /**
   * With a `store`: the shared state of `model` over every process (pacing rates, leases in flight,
   * adaptive phases), with this process's queue. Without one: the same as {@link stats}.
   * @throws (rejects) whatever the store rejects with.
   */
  async sharedStats(model: string): Promise<RateLimiterStats> {
    if (!this.#store) return this.stats(model);
    const shared: StoreStats = await this.#store.stats(model, this.#pacing(model));
    return { ...shared, queued: this.#admissions.get(model)?.queued ?? 0 };
  }

  /**
   * Current pacing rates, in-flight and queued counts, and adaptive phases of `model`. With a `store`
   * only this process's in-flight and queued counts are known here (rates `NaN`, phases `undefined`);
   * see {@link sharedStats}.
   */
  stats(model: string): RateLimiterStats {
    if (this.#store) {
      const admission = this.#admissions.get(model);
      return { requestsPerSecond: NaN, tokensPerSecond: NaN, inFlight: admission?.inFlight ?? 0, queued: admission?.queued ?? 0, requestPhase: undefined, tokenPhase: undefined };
    }
    const state = this.#models.get(model) ?? this.#newState(model);
    return {
      requestsPerSecond: state.requestBucket?.ratePerSecond ?? Infinity,
      tokensPerSecond: state.tokenBucket?.ratePerSecond ?? Infinity,
      inFlight: state.inFlight,
      queued: state.queue.length,
      requestPhase: state.requestRate?.phase,
      tokenPhase: state.tokenRate?.phase,
    };
  }

  // A throttle against a known, idle limit is a stray unless `strayEventsTolerated` other throttle events
  // came within strayThrottleWindowMs; throttles sent within the cooldown of a stray belong to it.
  #isStray(state: ModelState, kind: 'requests' | 'tokens', sentAt: number, now: number): boolean {
    const adaptive = this.#adaptive;
    const known = kind === 'requests' ? state.limits.rpm : state.limits.tpm;
    const controller = kind === 'requests' ? state.requestRate : state.tokenRate;
    const windowMs = adaptive ? (adaptive.strayThrottleWindowMs ?? 10_000) : 0;
    if (!adaptive || windowMs === 0 || known === undefined || controller?.phase !== 'idle') return false;
    const events = state.strayAt[kind];
    const last = events[events.length - 1];
    const cooldownMs = resolveAdaptiveOptions(kind === 'requests' ? adaptive.requests : adaptive.tokens).cooldownMs;
    if (last !== undefined && sentAt < last + cooldownMs) return true;
    while (events.length > 0 && now - (events[0] as number) >= windowMs) events.shift();
    if (events.length >= strayEventsTolerated(kind, known, this.#headroom, windowMs, cooldownMs)) {
      events.length = 0;
      return false;
    }
    events.push(now);
    return true;
  }

  #admission(model: string, store: RateLimitStore): StoreAdmission {
    let admission = this.#admissions.get(model);
    if (!admission) {
      admission = new StoreAdmission({
        store,
        model,
        clock: this.#clock,
        pacing: () => this.#pacing(model),
        leaseMs: this.#leaseMs,
        storeTimeoutMs: this.#storeTimeoutMs,
      });
      this.#admissions.set(model, admission);
    }
    return admission;
  }

  #pacing(model: string): StorePacing {
    const adaptive = this.#adaptive;
    return {
      limits: this.#limits.get(model) ?? this.#defaultLimits,
      headroom: this.#headroom,
      tokenBurstSeconds: this.#tokenBurstSeconds,
      adaptive: adaptive && {
        initialRequestsPerSecond: adaptive.initialRequestsPerSecond ?? DEFAULT_INITIAL_RPS,
        strayThrottleWindowMs: adaptive.strayThrottleWindowMs ?? 10_000,
        requests: resolveAdaptiveOptions(adaptive.requests),
        tokens: resolveAdaptiveOptions({ minRate: 100, ...adaptive.tokens }),
      },
    };
  }

  #state(model: string): ModelState {
    let state = this.#models.get(model);
    if (!state) {
      state = this.#newState(model);
      this.#models.set(model, state);
    }
    return state;
  }

  #newState(model: string): ModelState {
    const limits = this.#limits.get(model) ?? this.#defaultLimits;
    const now = this.#clock.now();
    const adaptive = this.#adaptive;
    const state: ModelState = {
      model,
      limits,
      requestBucket: undefined,
      tokenBucket: undefined,
      requestRate: this.#requestController(limits, now),
      tokenRate: adaptive ? new AdaptiveRate({ minRate: 100, ...adaptive.tokens }, now) : undefined,
      inFlight: 0,
      queue: [],
      wake: undefined,
      strayAt: { requests: [], tokens: [] },
    };
    this.#refreshRates(state);
    return state;
  }

  // With a known RPM the controller is only a safety net and stays idle until a throttle; without
  // one it has to find the quota, starting slowly (or, with an infinite initial rate, idle too).
  #requestController(limits: ModelLimits, now: number): AdaptiveRate | undefined {
    const adaptive = this.#adaptive;
    if (!adaptive) return undefined;
    const initialRate = adaptive.initialRequestsPerSecond ?? DEFAULT_INITIAL_RPS;
    const initial = limits.rpm === undefined && initialRate !== Infinity ? { initialRate } : {};
    return new AdaptiveRate({ ...adaptive.requests, ...initial }, now);
  }

  #refreshRates(state: ModelState): void {
    const now = this.#clock.now();
    const { rpm, tpm } = state.limits;
    state.requestBucket = this.#bucket(state.requestBucket, rpm, state.requestRate, this.#headroom, now, true);
    state.tokenBucket = this.#bucket(state.tokenBucket, tpm, state.tokenRate, this.#tokenBurstSeconds, now, false);
  }

  #bucket(
    bucket: TokenBucket | undefined,
    perMinute: number | undefined,
    adaptive: AdaptiveRate | undefined,
    burstSeconds: number,
    now: number,
    requests: boolean,
  ): TokenBucket | undefined {
    const perSecond = perMinute === undefined ? Infinity : perMinute / 60;
    const known = perSecond * (1 - this.#headroom);
    const adaptiveRate = adaptive?.rate ?? Infinity;
    const ratePerSecond = Math.min(known, adaptiveRate);
    if (ratePerSecond === Infinity) return undefined;
    const ceiling = known <= adaptiveRate ? perSecond : adaptiveRate;
    const burst = requestBurst(burstSeconds * ceiling, requests);
    // A new bucket starts with only the headroom's share, not a full burst: a cold start is
    // when a 1-second window is most likely to already hold traffic we did not see.
    const initial = Math.min(burst, Math.max(1, this.#headroom * ceiling));
    if (!bucket) return new TokenBucket({ ratePerSecond, burst, now, initial });
    if (bucket.ratePerSecond !== ratePerSecond || bucket.burst !== burst) {
      bucket.configure({ ratePerSecond, burst }, now);
    }
    return bucket;
  }

  #pump(state: ModelState): void {
    const now = this.#clock.now();
    const maxConcurrency = state.limits.maxConcurrency ?? Infinity;
    for (;;) {
      const head = state.queue[0];
      if (!head || state.inFlight >= maxConcurrency) break;
      const waitMs = Math.max(
        state.requestBucket?.waitTimeMs(1, now) ?? 0,
        state.tokenBucket?.waitTimeMs(head.tokens, now) ?? 0,
      );
      if (waitMs > 0) {
        this.#wakeAfter(state, waitMs);
        return;
      }
      state.queue.shift();
      head.detach();
      head.resolve(this.#admit(state, head.tokens, now));
    }
    state.wake?.abort();
    state.wake = undefined;
  }

  #wakeAfter(state: ModelState, waitMs: number): void {
    state.wake?.abort();
    const wake = new AbortController();
    state.wake = wake;
    // At least a microsecond, so a float-rounded wait can never become a zero-length busy loop.
    this.#clock.sleep(Math.max(waitMs, 0.001), wake.signal).then(
      () => {
        if (state.wake !== wake) return;
        state.wake = undefined;
        this.#pump(state);
      },
      () => undefined,
    );
  }

  #admit(state: ModelState, tokens: number, now: number): Permit {
    const { requestBucket, tokenBucket } = state;
    requestBucket?.take(1, now);
    tokenBucket?.take(tokens, now);
    state.requestRate?.recordSend(1, now);
    state.tokenRate?.recordSend(tokens, now);
    state.inFlight += 1;
    let released = false;
    return {
      model: state.model,
      tokens,
      acquiredAt: now,
      release: (options: ReleaseOptions) => {
        checkRelease(options);
        const { outcome, throttle, actualTokens } = options;
        if (released) return;
        released = true;
        this.#release(state, { outcome, throttle, actualTokens, tokens, acquiredAt: now, tokenBucket });
      },
    };
  }

  #release(
    state: ModelState,
    released: {
      outcome: ReleaseOptions['outcome'];
      throttle: ThrottleKind | undefined;
      actualTokens: number | undefined;
      tokens: number;
      acquiredAt: number;
      tokenBucket: TokenBucket | undefined;
    },
  ): void {
    const now = this.#clock.now();
    state.inFlight -= 1;
    const { actualTokens, tokens, tokenBucket } = released;
    if (actualTokens !== undefined && tokenBucket && tokenBucket === state.tokenBucket) {
      if (actualTokens < tokens) tokenBucket.refund(tokens - actualTokens, now);
      else tokenBucket.take(actualTokens - tokens, now);
    }
    if (released.outcome === 'success') {
      state.requestRate?.onSuccess(now);
      state.tokenRate?.onSuccess(now);
    } else if (released.outcome === 'throttled') {
      const sentAt = released.acquiredAt;
      const kind = released.throttle ?? 'requests';
      if (kind !== 'burst' && this.#isStray(state, kind, sentAt, now)) {
        const bucket = kind === 'tokens' ? state.tokenBucket : state.requestBucket;
        const level = bucket?.level(now) ?? 0;
        if (level > 0) bucket?.take(level, now);
      } else if (kind === 'tokens') {
        state.tokenRate?.onThrottle(now, withRate(sentAt, state.tokenBucket));
      } else if (kind === 'burst') {
        state.requestRate?.onBurstThrottle(now, withRate(sentAt, state.requestBucket));
      } else {
        state.requestRate?.onThrottle(now, withRate(sentAt, state.requestBucket));
      }
    }
    this.#refreshRates(state);
    this.#pump(state);
  }
}

const DEFAULT_INITIAL_RPS = 4;
/**
 * Stray throttle events tolerated within `windowMs` under a known limit; the next one starts the CUBIC
 * decrease. Two, plus for requests one per beat of the pacing against 1-second windows: a client paced
 * at `(1 − headroom) · RPS` with `headroom · RPS < 1` fills a clock second to the brim once every
 * `1 / (headroom · RPS)` s, and there any arrival jitter throws a 429 (against the emulator's 1,200 RPM
 * and 40 ms + log-normal(30 ms) latency: a stray every ~2.5–3 s, up to 5 events within 10 s, with or
 * without transient faults). From `headroom · RPS ≥ 1` the pacing leaves at least one request of slack
 * in every second, so there are no beats. The total is capped so that a quota really lower stays
 * detectable: throttles within `cooldownMs` of a stray join it, and a steady excess then makes an event
 * every ~1.05–1.9 s (7 within 10 s in simulation at 15,000 RPM told / 12,000 real), so at most
 * `windowMs / cooldownMs − 3` are tolerated.
 * Defaults (headroom 0.02, 10 s, 1 s cooldown): 600 RPM 4; 1,200 RPM 6; 2,400 RPM 7; 3,000 RPM and
 * above 2; headroom 0: 2.
 */
function strayEventsTolerated(kind: 'requests' | 'tokens', perMinute: number, headroom: number, windowMs: number, cooldownMs: number): number {
  const share = (headroom * perMinute) / 60;
  const beats = kind === 'requests' && share < 1 ? Math.floor((share * windowMs) / 1000 + 1e-9) : 0;
  const reachable = Math.floor(windowMs / Math.max(cooldownMs, 1)) - 3;
  return Math.max(2, Math.min(2 + beats, reachable));
}

/**
 * Capacity of a bucket whose per-second share is `share` units (`headroom · RPS` for requests,
 * `tokenBurstSeconds · TPS` for tokens): at least one unit. The request bucket holds
 * `min(1, share) / 2` more, so the refill of a timer that wakes a few ms late is kept rather than
 * cut off at a full bucket (a wake-up of Node's `setTimeout` is ~1 ms late, which at 51 ms per
 * request paced 1.5 % below the set rate: 19.3 instead of 19.6 requests/s against 1,200 RPM).
 * A window of 1 s receives at most `floor(burst + (1 − headroom) · RPS)` requests: `⌈RPS⌉` for any
 * headroom > 0 (RPS itself when it is a whole number); at headroom 0 the half unit is 0 and a window
 * can get `floor(RPS) + 1`.
 */
function requestBurst(share: number, requests: boolean): number {
  return Math.max(1, share) + (requests ? Math.min(1, share) / 2 : 0);
}

function withRate(sentAt: number, bucket: TokenBucket | undefined) {
  return bucket ? { sentAt, currentRate: bucket.ratePerSecond } : { sentAt };
}

function validLimits(limits: ModelLimits): ModelLimits {
  for (const name of ['rpm', 'tpm', 'maxConcurrency'] as const) {
    const value = limits[name];
    if (value === undefined) continue;
    const ok = name === 'maxConcurrency' ? value >= 1 : Number.isFinite(value) && value > 0;
    if (!ok || typeof value !== 'number') throw new RangeError(`${name} must be a positive number, got ${value}`);
  }
  return { ...limits };
}
