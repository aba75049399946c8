import { setMaxListeners } from 'node:events';
import { classifyThrottle } from '../core/classify-throttle.js';
import { type RateLimiterOptions, RateLimiter } from '../production/rate-limiter.js';
import { ManualClock } from './manual-clock.js';
import { type SimulatedQuotaOptions, SimulatedQuotaServer } from './simulated-quota-server.js';

export interface RateControlSimulation {
  server: SimulatedQuotaOptions;
  limiter: Omit<RateLimiterOptions, 'clock'>;
  workers: number;
  durationMs: number;
  /** Start of the measured window; everything sent before it is warm-up. */
  measureFromMs: number;
  /** Inclusive range of tokens per request, drawn uniformly. */
  tokensPerRequest: [number, number];
  seed: number;
  /** Latency of an accepted request, drawn uniformly. @default [200, 800] */
  latencyMs?: [number, number];
  /** Latency of a throttled request. @default 50 */
  throttleLatencyMs?: number;
  /** Wait before retrying a throttled item, drawn uniformly. @default [500, 1500] */
  retryDelayMs?: [number, number];
  /**
   * Share of accepted requests (they still consume quota) that fail with a transient fault instead:
   * half a fast 5xx, half a timeout after `faultTimeoutMs`; the limiter hears `outcome: 'error'`. @default 0
   */
  faultRate?: number;
  /** Wait of a timed-out request before it fails. @default 1000 */
  faultTimeoutMs?: number;
  /** Clock readings (ms) at which the next request gets one extra `Throttling.RateQuota` the quota did not cause. */
  strayThrottlesAtMs?: number[];
  /** Length of a report slice in ms. @default 10000 */
  sliceMs?: number;
  /** How late (ms) the limiter's timers fire, like `setTimeout` on a busy event loop. @default 0 */
  wakeLateMs?: number;
}

export interface RateControlReport {
  /** Attempts sent inside the measured window. */
  attempts: number;
  throttles: number;
  throttleShare: number;
  /** Accepted requests per second inside the measured window. */
  requestsPerSecond: number;
  /** Accepted tokens per second inside the measured window. */
  tokensPerSecond: number;
  /** Share of the binding quota used: max(requests/s ÷ RPS, tokens/s ÷ TPS). */
  utilization: number;
  throttlesByCode: Record<string, number>;
  /** Attempts, throttles and accepted requests and tokens in each slice (`sliceMs`) of the whole run. */
  slices: Slice[];
  /** Sleeps still pending on the clock after every worker stopped. */
  pendingTimers: number;
}

interface Slice {
  fromMs: number;
  attempts: number;
  throttles: number;
  acceptedRequests: number;
  acceptedTokens: number;
}

const model = 'qwen-plus';

/**
 * Drives a {@link RateLimiter} against a {@link SimulatedQuotaServer} on a {@link ManualClock}:
 * `workers` loops each take the next item, acquire a permit, send, wait for the response, release
 * with the outcome, and retry a throttled item after a pause. Deterministic for a given seed.
 */
export async function simulateRateControl(simulation: RateControlSimulation): Promise<RateControlReport> {
  const clock = new ManualClock();
  const random = seededRandom(simulation.seed);
  const between = ([low, high]: [number, number]) => low + random() * (high - low);
  const server = new SimulatedQuotaServer(simulation.server);
  const late = simulation.wakeLateMs ?? 0;
  const limiterClock = late === 0 ? clock : { now: () => clock.now(), sleep: (ms: number, signal?: AbortSignal) => clock.sleep(ms + late, signal) };
  const limiter = new RateLimiter({ ...simulation.limiter, clock: limiterClock });
  const stop = new AbortController();
  setMaxListeners(Infinity, stop.signal);
  const { measureFromMs, durationMs } = simulation;
  const report = {
    attempts: 0,
    throttles: 0,
    acceptedRequests: 0,
    acceptedTokens: 0,
    throttlesByCode: {} as Record<string, number>,
    slices: [] as Slice[],
  };
  const sliceMs = simulation.sliceMs ?? 10_000;
  for (let fromMs = 0; fromMs < durationMs; fromMs += sliceMs) report.slices.push({ fromMs, attempts: 0, throttles: 0, acceptedRequests: 0, acceptedTokens: 0 });
  const strays = [...(simulation.strayThrottlesAtMs ?? [])].sort((left, right) => left - right);

  const worker = async () => {
    while (!stop.signal.aborted) {
      const tokens = Math.round(between(simulation.tokensPerRequest));
      for (;;) {
        const permit = await limiter.acquire({ model, tokens, signal: stop.signal });
        const sentAt = clock.now();
        const stray = strays.length > 0 && (strays[0] as number) <= sentAt;
        if (stray) strays.shift();
        const decision = stray ? ({ accepted: false, code: 'Throttling.RateQuota' } as const) : server.handle(tokens, sentAt);
        const measured = sentAt >= measureFromMs && sentAt < durationMs;
        const slice = report.slices[Math.floor(sentAt / sliceMs)];
        if (slice) slice.attempts += 1;
        if (measured) report.attempts += 1;
        const faultRate = simulation.faultRate ?? 0;
        if (decision.accepted && faultRate > 0 && random() < faultRate) {
          const timedOut = random() < 0.5;
          await clock.sleep(timedOut ? (simulation.faultTimeoutMs ?? 1000) : 50, stop.signal).catch(() => undefined);
          permit.release({ outcome: 'error' });
          await clock.sleep(between(simulation.retryDelayMs ?? [500, 1500]), stop.signal);
          continue;
        }
        if (decision.accepted) {
          await clock.sleep(between(simulation.latencyMs ?? [200, 800]), stop.signal).catch(() => undefined);
          permit.release({ outcome: 'success', actualTokens: tokens });
          if (slice) {
            slice.acceptedRequests += 1;
            slice.acceptedTokens += tokens;
          }
          if (measured) {
            report.acceptedRequests += 1;
            report.acceptedTokens += tokens;
          }
          break;
        }
        if (slice) slice.throttles += 1;
        if (measured) {
          report.throttles += 1;
          report.throttlesByCode[decision.code] = (report.throttlesByCode[decision.code] ?? 0) + 1;
        }
        await clock.sleep(simulation.throttleLatencyMs ?? 50, stop.signal).catch(() => undefined);
        const throttle = classifyThrottle({ status: 429, code: decision.code });
        permit.release({ outcome: 'throttled', ...(throttle ? { throttle } : {}) });
        await clock.sleep(between(simulation.retryDelayMs ?? [500, 1500]), stop.signal);
      }
    }
  };

  const running = Array.from({ length: simulation.workers }, () => worker().catch(() => undefined));
  await clock.advanceTo(durationMs);
  stop.abort(new Error('simulation over'));
  await Promise.all(running);
  await clock.advanceBy(0);

  const seconds = (durationMs - measureFromMs) / 1000;
  const requestsPerSecond = report.acceptedRequests / seconds;
  const tokensPerSecond = report.acceptedTokens / seconds;
  return {
    attempts: report.attempts,
    throttles: report.throttles,
    throttleShare: report.attempts === 0 ? 0 : report.throttles / report.attempts,
    requestsPerSecond,
    tokensPerSecond,
    utilization: Math.max(
      requestsPerSecond / (simulation.server.rpm / 60),
      tokensPerSecond / (simulation.server.tpm / 60),
    ),
    throttlesByCode: report.throttlesByCode,
    slices: report.slices,
    pendingTimers: clock.pendingTimers,
  };
}

/** mulberry32: a small, fast, seedable PRNG returning floats in [0, 1). */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4294967296;
  };
}
