import { createHash } from 'node:crypto';
import type { RateLimitStore, StoreAcquireRequest, StoreDecision, StorePacing, StoreReleaseRequest, StoreStats } from '../rate-limit-store.js';
import type { AdaptivePhase } from '../adaptive-rate.js';
import { acquireScript, releaseScript, renewScript, statsScript } from './redis-rate-scripts.js';

/**
 * The slice of a Redis client the store uses: `EVALSHA` and `EVAL` with ioredis's argument order.
 * An `ioredis` `Redis` or `Cluster` instance fits; so does any Valkey client exposing the same calls.
 */
export interface RedisScriptClient {
  evalsha(sha1: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
}

/** Options of {@link RedisRateStore}. */
export interface RedisRateStoreOptions {
  /** A connected client (for example `new Redis(url)` from `ioredis`); the caller owns and closes it. */
  client: RedisScriptClient;
  /**
   * What identifies the quota's owner, normally the DashScope API key (DashScope quotas are per
   * account and region). Only a SHA-256 fingerprint of it reaches Redis; the value itself is never
   * stored, sent or logged.
   */
  account: string;
  /** The region whose quota this is (`singapore`, `beijing`, …); part of the key namespace. @default 'default' */
  region?: string;
  /** Prefix of every key. @default 'dashscope-kit:rate' */
  prefix?: string;
}

interface Script {
  source: string;
  sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

const scripts = {
  acquire: script(acquireScript),
  release: script(releaseScript),
  renew: script(renewScript),
  stats: script(statsScript),
};

/**
 * A {@link RateLimitStore} in Redis 7 or Valkey, so that every process and machine using one DashScope
 * account paces to one quota (https://www.alibabacloud.com/help/en/model-studio/rate-limit: quotas
 * are per account, model and region, enforced per minute and per second).
 *
 * Per model it keeps one hash (both token buckets, both adaptive controllers, the aggregate send
 * rate) and one sorted set of leases, under `{prefix}:{fingerprint}:{region}:{model}` with a hash
 * tag so both keys live in one Redis Cluster slot. Every decision is one Lua script run atomically
 * on the server with the server's clock; keys expire after an hour unused. A lease is a concurrency
 * slot with an expiry: the limiter renews it while the request runs, so a process killed with
 * `kill -9` gives its slots back when they expire. Uses only commands Valkey also has.
 *
 * @example
 * import Redis from 'ioredis';
 * const redis = new Redis(process.env.REDIS_URL);
 * const limiter = new RateLimiter({
 *   limits: { 'text-embedding-v4': { rpm: 1800, tpm: 1_200_000 } },
 *   store: new RedisRateStore({ client: redis, account: process.env.DASHSCOPE_API_KEY!, region: 'singapore' }),
 * });
 */
export class RedisRateStore implements RateLimitStore {
  readonly #client: RedisScriptClient;
  readonly #namespace: string;

  /** @throws TypeError when `account` is empty. */
  constructor(options: RedisRateStoreOptions) {
    if (typeof options.account !== 'string' || options.account === '') {
      throw new TypeError('account must be a non-empty string (the API key or another account id; only its hash is stored)');
    }
    this.#client = options.client;
    const fingerprint = createHash('sha256').update(`dashscope-kit:${options.account}`).digest('hex').slice(0, 16);
    this.#namespace = `${options.prefix ?? 'dashscope-kit:rate'}:${fingerprint}:${options.region ?? 'default'}`;
  }

  /** The two keys of `model`: its state hash and its lease set (one hash tag, one cluster slot). */
  keysFor(model: string): [string, string] {
    const base = `${this.#namespace}:{${model}}`;
    return [`${base}:state`, `${base}:leases`];
  }

  async acquire(request: StoreAcquireRequest): Promise<StoreDecision> {
    const reply = (await this.#run(scripts.acquire, request.model, [
      ...pacingArgs(request.pacing),
      request.tokens,
      request.leaseId,
      request.leaseMs,
      request.lookaheadMs,
    ])) as [number, string, string?];
    const value = Number(reply[1]);
    return reply[0] === 1 ? { granted: true, at: value, delayMs: Number(reply[2]) } : { granted: false, waitMs: value };
  }

  async release(request: StoreReleaseRequest): Promise<void> {
    await this.#run(scripts.release, request.model, [
      ...pacingArgs(request.pacing),
      request.leaseId,
      request.tokens,
      request.actualTokens ?? -1,
      request.outcome,
      request.throttle ?? 'requests',
      request.sentAt,
    ]);
  }

  async renew(model: string, leaseId: string, leaseMs: number): Promise<boolean> {
    return (await this.#run(scripts.renew, model, [leaseId, leaseMs])) === 1;
  }

  async stats(model: string, pacing: StorePacing): Promise<StoreStats> {
    const reply = (await this.#run(scripts.stats, model, pacingArgs(pacing))) as [string, string, number, string, string];
    const rate = (text: string) => (Number(text) < 0 ? Infinity : Number(text));
    const phase = (text: string) => (text === '' ? undefined : (text as AdaptivePhase));
    return {
      requestsPerSecond: rate(reply[0]),
      tokensPerSecond: rate(reply[1]),
      inFlight: Number(reply[2]),
      requestPhase: phase(reply[3]),
      tokenPhase: phase(reply[4]),
    };
  }

  async #run(target: Script, model: string, args: (string | number)[]): Promise<unknown> {
    const keys = this.keysFor(model);
    try {
      return await this.#client.evalsha(target.sha, 2, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.includes('NOSCRIPT')) throw error;
      return this.#client.eval(target.source, 2, ...keys, ...args);
    }
  }
}

function pacingArgs(pacing: StorePacing): number[] {
  const { limits, adaptive } = pacing;
  const tuning = (side: 'requests' | 'tokens'): number[] => {
    if (!adaptive) return [1, 0.5, 0.5, 1, 1, 0, 0, 1];
    const t = adaptive[side];
    return [t.slowStartGrowthPerSecond, t.beta, t.burstBeta, t.scaleConstant, t.timeScaleMs, t.minCycleSends, t.cooldownMs, t.minRate];
  };
  const known = (value: number | undefined) => (value === undefined || !Number.isFinite(value) ? -1 : value);
  return [
    known(limits.rpm),
    known(limits.tpm),
    known(limits.maxConcurrency),
    pacing.headroom,
    pacing.tokenBurstSeconds,
    adaptive ? 1 : 0,
    adaptive ? known(adaptive.initialRequestsPerSecond) : 1,
    ...tuning('requests'),
    ...tuning('tokens'),
    adaptive ? adaptive.requests.smoothing : 0.1,
    adaptive ? adaptive.strayThrottleWindowMs : 0,
  ];
}
