import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { RateLimiter } from '../rate-limiter.js';
import { RateStoreUnavailableError } from '../rate-store-unavailable-error.js';
import { type RunningRedis, hasRedisServer, startRedisServer } from '../../test-support/redis-server.js';
import { RedisRateStore } from './redis-rate-store.js';

// CI installs redis-server (.ci/run); elsewhere the suite says it is skipped rather than failing.
const available = hasRedisServer() || process.env.CI === 'true';
const account = 'sk-test-shared-quota-0123456789';

describe.skipIf(!available)('RedisRateStore against a real redis-server', () => {
  let redis: RunningRedis;
  let client: Redis;
  const limiters = (count: number, options: ConstructorParameters<typeof RateLimiter>[0] = {}) =>
    Array.from({ length: count }, () => new RateLimiter({ ...options, store: new RedisRateStore({ client, account, region: 'singapore' }) }));

  beforeAll(async () => {
    redis = await startRedisServer();
    client = new Redis(redis.url, { lazyConnect: false, maxRetriesPerRequest: 1 });
  });
  afterAll(async () => {
    client.disconnect();
    await redis.stop();
  });
  beforeEach(async () => {
    await client.flushall();
  });

  it('paces two limiters together to one known RPM, not twice it', async () => {
    const [a, b] = limiters(2, { limits: { 'qwen-plus': { rpm: 1200 } } });
    const started = performance.now();
    let admitted = 0;
    const run = async (limiter: RateLimiter) => {
      while (performance.now() - started < 2000) {
        const permit = await limiter.acquire({ model: 'qwen-plus' });
        admitted++;
        permit.release({ outcome: 'success' });
      }
    };
    await Promise.all([run(a!), run(a!), run(b!), run(b!)]);
    const seconds = (performance.now() - started) / 1000;
    // 20 requests/s for the account, paced at 98 %: alone each limiter would have sent 40/s.
    expect(admitted / seconds).toBeLessThanOrEqual(20 * 1.05);
    expect(admitted / seconds).toBeGreaterThan(20 * 0.85);
  });

  it('shares one concurrency limit and hands a slot on when it is released', async () => {
    const [a, b] = limiters(2, { limits: { 'qwen-plus': { maxConcurrency: 3 } }, adaptive: false });
    let held = 0;
    let peak = 0;
    const hold = async (limiter: RateLimiter) => {
      const permit = await limiter.acquire({ model: 'qwen-plus' });
      held++;
      peak = Math.max(peak, held);
      await new Promise((resolve) => setTimeout(resolve, 40));
      held--;
      permit.release({ outcome: 'success' });
    };
    await Promise.all(Array.from({ length: 12 }, (_, n) => hold(n % 2 ? a! : b!)));
    expect(peak).toBe(3);
    const stats = await a!.sharedStats('qwen-plus');
    expect(stats.inFlight).toBe(0);
  });

  it('gives a crashed holder’s slot back when its lease expires', async () => {
    const store = new RedisRateStore({ client, account, region: 'singapore' });
    const [limiter] = limiters(1, { limits: { 'qwen-plus': { maxConcurrency: 1 } }, adaptive: false });
    const pacing = { limits: { maxConcurrency: 1 }, headroom: 0.02, tokenBurstSeconds: 0.25, adaptive: false as const };
    // A process that took the only slot and died: nobody renews or releases its lease.
    const orphan = await store.acquire({ model: 'qwen-plus', tokens: 0, leaseId: 'dead-worker', leaseMs: 400, lookaheadMs: 0, pacing });
    expect(orphan.granted).toBe(true);
    const started = performance.now();
    const permit = await limiter!.acquire({ model: 'qwen-plus' });
    const waited = performance.now() - started;
    expect(waited).toBeGreaterThan(300);
    expect(waited).toBeLessThan(1000);
    permit.release({ outcome: 'success' });
  });

  it('keeps a long request’s slot by renewing its lease while it is held', async () => {
    const [a, b] = limiters(2, { limits: { 'qwen-plus': { maxConcurrency: 1 } }, adaptive: false, leaseMs: 300 });
    const first = await a!.acquire({ model: 'qwen-plus' });
    const waiter = new AbortController();
    const second = b!.acquire({ model: 'qwen-plus', signal: waiter.signal });
    await new Promise((resolve) => setTimeout(resolve, 900));
    expect((await b!.sharedStats('qwen-plus')).inFlight).toBe(1);
    first.release({ outcome: 'success' });
    const permit = await second;
    permit.release({ outcome: 'success' });
  });

  it('takes a first throttle under a known limit as a stray for every process: bucket emptied, rate kept', async () => {
    const [a, b] = limiters(2, { limits: { 'qwen-plus': { rpm: 600 } } });
    const permit = await a!.acquire({ model: 'qwen-plus' });
    permit.release({ outcome: 'throttled', throttle: 'requests' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await b!.sharedStats('qwen-plus')).toMatchObject({ requestPhase: 'idle', requestsPerSecond: 9.8 });
    const again = await b!.acquire({ model: 'qwen-plus' });
    again.release({ outcome: 'success' });
    // Further throttle events (each sent after the last stray's 1 s cooldown) are strays too, up to
    // 2 + one per beat of the headroom (0.02 · 10 RPS · 10 s = 2) = 4 in all; a fifth within 10 s: the quota is lower.
    for (let event = 2; event <= 4; event++) {
      await new Promise((resolve) => setTimeout(resolve, 1050));
      const next = await b!.acquire({ model: 'qwen-plus' });
      next.release({ outcome: 'throttled', throttle: 'requests' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await a!.sharedStats('qwen-plus')).toMatchObject({ requestPhase: 'idle' });
    }
    await new Promise((resolve) => setTimeout(resolve, 1050));
    const late = await b!.acquire({ model: 'qwen-plus' });
    late.release({ outcome: 'throttled', throttle: 'requests' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const cut = await a!.sharedStats('qwen-plus');
    expect(cut.requestPhase).toBe('cubic');
    expect(cut.requestsPerSecond).toBeLessThan(9.8 * 0.75);
  });

  it('counts no beats in the shared stray tolerance once the headroom leaves slack, as RateLimiter does', async () => {
    // 15,000 RPM at headroom 0.02 leaves 5 requests of slack per second: no beats (one per beat would
    // tolerate 2 + 3 = 5 events in a 3 s window, where only ~3 fit), so the third event cuts.
    const [a, b] = limiters(2, { limits: { 'qwen-plus': { rpm: 15_000 } }, adaptive: { strayThrottleWindowMs: 3_000 } });
    for (let event = 1; event <= 2; event++) {
      const next = await b!.acquire({ model: 'qwen-plus' });
      next.release({ outcome: 'throttled', throttle: 'requests' });
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(await a!.sharedStats('qwen-plus')).toMatchObject({ requestPhase: 'idle' });
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    const third = await b!.acquire({ model: 'qwen-plus' });
    third.release({ outcome: 'throttled', throttle: 'requests' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect((await a!.sharedStats('qwen-plus')).requestPhase).toBe('cubic');
  });

  it('makes every process back off after one process sees a throttle, then recover along CUBIC', async () => {
    const [a, b] = limiters(2, { limits: { 'qwen-plus': { rpm: 600 } }, adaptive: { strayThrottleWindowMs: 0 } });
    const before = await b!.sharedStats('qwen-plus');
    expect(before.requestPhase).toBe('idle');
    expect(before.requestsPerSecond).toBeCloseTo(9.8, 5);
    const permit = await a!.acquire({ model: 'qwen-plus' });
    permit.release({ outcome: 'throttled', throttle: 'requests' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    const after = await b!.sharedStats('qwen-plus');
    expect(after.requestPhase).toBe('cubic');
    expect(after.requestsPerSecond).toBeLessThan(before.requestsPerSecond * 0.75);
    expect(after.requestsPerSecond).toBeGreaterThan(0.4);
  });

  it('slow-starts an unknown quota from 4 requests/s, shared', async () => {
    const [a, b] = limiters(2);
    const stats = await b!.sharedStats('qwen-max');
    expect(stats.requestPhase).toBe('slow-start');
    expect(stats.requestsPerSecond).toBe(4);
    expect(stats.tokensPerSecond).toBe(Infinity);
    const permit = await a!.acquire({ model: 'qwen-max' });
    await new Promise((resolve) => setTimeout(resolve, 400));
    permit.release({ outcome: 'success' });
    const grown = await b!.sharedStats('qwen-max');
    expect(grown.requestsPerSecond).toBeGreaterThan(4);
  });

  it('starts an unknown quota unbounded with initialRequestsPerSecond Infinity, shared', async () => {
    const [a, b] = limiters(2, { adaptive: { initialRequestsPerSecond: Infinity } });
    const permit = await a!.acquire({ model: 'qwen-max' });
    permit.release({ outcome: 'success' });
    expect(await b!.sharedStats('qwen-max')).toMatchObject({ requestPhase: 'idle', requestsPerSecond: Infinity });
  });

  it('refunds tokens a response did not use, for every process', async () => {
    const [a, b] = limiters(2, { limits: { 'qwen-plus': { rpm: 6000, tpm: 60_000 } }, tokenBurstSeconds: 1 });
    // 1,000 tokens/s with a 1-second bucket: a 980-token reservation empties it.
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const big = await a!.acquire({ model: 'qwen-plus', tokens: 980 });
    big.release({ outcome: 'success', actualTokens: 10 });
    await new Promise((resolve) => setTimeout(resolve, 30));
    const started = performance.now();
    const next = await b!.acquire({ model: 'qwen-plus', tokens: 900 });
    expect(performance.now() - started).toBeLessThan(150);
    next.release({ outcome: 'success' });
  });

  it('stores a fingerprint of the account, never the key itself', async () => {
    const [limiter] = limiters(1, { limits: { 'qwen-plus': { rpm: 600 } } });
    (await limiter!.acquire({ model: 'qwen-plus' })).release({ outcome: 'success' });
    const keys = await client.keys('*');
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      expect(key).not.toContain(account);
      expect(key).toMatch(/^dashscope-kit:rate:[0-9a-f]{16}:singapore:\{qwen-plus\}:(state|leases)$/);
      const dump = JSON.stringify(key.endsWith('state') ? await client.hgetall(key) : await client.zrange(key, '0', '-1'));
      expect(dump).not.toContain(account);
    }
  });

  it('fails closed with RateStoreUnavailableError within storeTimeoutMs when Redis stops answering, sending nothing', async () => {
    const gone = await startRedisServer();
    await gone.stop();
    const dead = new Redis(gone.url, { maxRetriesPerRequest: null, retryStrategy: () => 200 });
    dead.on('error', () => undefined);
    const limiter = new RateLimiter({ store: new RedisRateStore({ client: dead, account }), storeTimeoutMs: 300 });
    const paused = await startRedisServer();
    paused.process.kill('SIGSTOP');
    const hung = new Redis(paused.url, { maxRetriesPerRequest: null });
    const hungLimiter = new RateLimiter({ store: new RedisRateStore({ client: hung, account }), storeTimeoutMs: 300 });
    try {
      const started = performance.now();
      const error = await hungLimiter.acquire({ model: 'qwen-plus' }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(RateStoreUnavailableError);
      expect((error as RateStoreUnavailableError).isRetryable).toBe(true);
      expect((error as Error).message).toContain('no answer within 300 ms');
      expect(performance.now() - started).toBeLessThan(1000);
      // A client whose server is gone also settles in time.
      const second = await limiter.acquire({ model: 'qwen-plus' }).catch((caught: unknown) => caught);
      expect(second).toBeInstanceOf(RateStoreUnavailableError);
    } finally {
      hung.disconnect();
      dead.disconnect();
      paused.process.kill('SIGCONT');
      await paused.stop();
    }
  });
});
