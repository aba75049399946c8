import { describe, expect, it } from 'vitest';
import { type RateControlSimulation, simulateRateControl } from '../test-support/simulate-rate-control.js';

const quota = { rpm: 600, tpm: 1_000_000 };
const knownLimits = { limits: { 'qwen-plus': quota } };
const smallRequests: [number, number] = [200, 1200];
const largeRequests: [number, number] = [1000, 3000];
const knownRun = { workers: 16, durationMs: 300_000, measureFromMs: 10_000, seed: 7 };
const unknownRun = { workers: 16, durationMs: 600_000, measureFromMs: 60_000, seed: 7 };

async function simulate(simulation: RateControlSimulation) {
  const report = await simulateRateControl(simulation);
  expect(report.pendingTimers).toBe(0);
  return report;
}

describe('RateLimiter against a simulated 600 RPM / 1,000,000 TPM quota with 16 workers', () => {
  it('with known limits is never throttled and uses at least 95 % of a request-bound quota', async () => {
    const report = await simulate({
      ...knownRun,
      server: quota,
      limiter: knownLimits,
      tokensPerRequest: smallRequests,
    });
    expect(report.slices.every((slice) => slice.throttles === 0)).toBe(true);
    expect(report.attempts).toBeGreaterThan(2500);
    expect(report.utilization).toBeGreaterThanOrEqual(0.95);
  });

  it('with known limits is never throttled and uses at least 95 % of a token-bound quota enforced as a one-second bucket', async () => {
    const report = await simulate({
      ...knownRun,
      server: { ...quota, perSecond: 'token-bucket' },
      limiter: knownLimits,
      tokensPerRequest: largeRequests,
    });
    expect(report.slices.every((slice) => slice.throttles === 0)).toBe(true);
    expect(report.tokensPerSecond / (quota.tpm / 60)).toBeGreaterThanOrEqual(0.95);
  });

  it.each([7, 11, 13])('with known limits and whole requests counted in 1-second windows avoids every throttle once headroom covers the largest request (seed %i)', async (seed) => {
    const report = await simulate({
      ...knownRun,
      seed,
      server: quota,
      limiter: { ...knownLimits, headroom: 0.18, tokenBurstSeconds: 0.18 },
      tokensPerRequest: largeRequests,
    });
    expect(report.slices.every((slice) => slice.throttles === 0)).toBe(true);
    expect(report.utilization).toBeGreaterThanOrEqual(0.8);
  });

  it('with unknown limits starting at twice the quota keeps throttles under 1 % after the first minute and reaches 90 % of a request-bound quota', async () => {
    const report = await simulate({
      ...unknownRun,
      server: quota,
      limiter: { adaptive: { initialRequestsPerSecond: 20 } },
      tokensPerRequest: smallRequests,
    });
    expect(report.throttles).toBeGreaterThan(0);
    expect(report.throttleShare).toBeLessThan(0.01);
    expect(report.utilization).toBeGreaterThanOrEqual(0.9);
    expect(report.throttlesByCode).toEqual({ 'Throttling.RateQuota': report.throttles });
  });

  it('with unknown limits starting at twice the quota settles just under a token-bound quota', async () => {
    const report = await simulate({
      ...unknownRun,
      server: { ...quota, perSecond: 'token-bucket' },
      limiter: { adaptive: { initialRequestsPerSecond: 20 } },
      tokensPerRequest: largeRequests,
    });
    expect(report.throttleShare).toBeLessThan(0.01);
    expect(report.tokensPerSecond / (quota.tpm / 60)).toBeGreaterThanOrEqual(0.9);
    expect(Object.keys(report.throttlesByCode)).toEqual(['Throttling.AllocationQuota']);
  });

  it('with unknown limits and default options reaches 90 % of the bound within 60 s with under 1 % throttles after 10 s', async () => {
    const report = await simulate({ ...unknownRun, durationMs: 180_000, measureFromMs: 10_000, server: quota, limiter: {}, tokensPerRequest: smallRequests });
    expect(report.throttleShare).toBeLessThan(0.01);
    const fromMinute = report.slices.filter((slice) => slice.fromMs >= 60_000);
    const accepted = fromMinute.reduce((sum, slice) => sum + slice.acceptedRequests, 0);
    expect(accepted / (fromMinute.length * 10 * (quota.rpm / 60))).toBeGreaterThanOrEqual(0.9);
  });

  it('with known limits and default options takes a single stray throttle without losing the rate', async () => {
    const report = await simulate({ ...knownRun, server: quota, limiter: knownLimits, tokensPerRequest: smallRequests, strayThrottlesAtMs: [30_000] });
    expect(report.throttles).toBe(1);
    expect(report.utilization).toBeGreaterThanOrEqual(0.95);
  });

  it('with known limits and timers that wake 2 ms late still paces at the set rate', async () => {
    const report = await simulate({ ...knownRun, server: quota, limiter: knownLimits, tokensPerRequest: smallRequests, wakeLateMs: 2 });
    expect(report.throttles).toBe(0);
    expect(report.utilization).toBeGreaterThanOrEqual(0.975);
  });

  it('with known limits and default options keeps the rate through four stray throttle events within 10 s', async () => {
    const report = await simulate({
      ...knownRun,
      durationMs: 60_000,
      server: quota,
      limiter: knownLimits,
      tokensPerRequest: smallRequests,
      strayThrottlesAtMs: [20_000, 22_500, 25_000, 27_500],
    });
    expect(report.throttles).toBe(4);
    expect(report.utilization).toBeGreaterThanOrEqual(0.95);
  });

  it('with known limits 5 % above the real quota finds the real one: under 1 % throttles after the first minute', async () => {
    const real = { ...quota, rpm: quota.rpm * 0.95 };
    const report = await simulate({ ...unknownRun, durationMs: 300_000, server: real, limiter: knownLimits, tokensPerRequest: smallRequests });
    expect(report.throttleShare).toBeLessThan(0.01);
    expect(report.requestsPerSecond / (real.rpm / 60)).toBeGreaterThanOrEqual(0.85);
  });

  it('with known limits 25 % above the real quota at 15,000 RPM finds the real one: under 1 % throttles after the first minute', async () => {
    const told = { rpm: 15_000, tpm: 100_000_000 };
    const real = { ...told, rpm: 12_000 };
    const report = await simulate({ workers: 64, latencyMs: [40, 120], durationMs: 180_000, measureFromMs: 60_000, seed: 7, server: real, limiter: { limits: { 'qwen-plus': told } }, tokensPerRequest: smallRequests });
    expect(report.throttleShare).toBeLessThan(0.01);
    expect(report.requestsPerSecond / (real.rpm / 60)).toBeGreaterThanOrEqual(0.85);
  });

  it.each([
    { name: 'known', limiter: knownLimits },
    { name: 'unknown', limiter: {} },
  ])('with $name limits and 10 % transient faults (5xx and timeouts) keeps 90 % of the faulted bound', async ({ limiter }) => {
    const report = await simulate({ ...unknownRun, durationMs: 300_000, server: quota, limiter, tokensPerRequest: smallRequests, faultRate: 0.1 });
    expect(report.utilization / 0.9).toBeGreaterThanOrEqual(0.9);
  });

  it('with unknown limits on a server that never throttles is at full speed within 5 s', async () => {
    const workers = 16;
    const report = await simulate({ workers, durationMs: 20_000, measureFromMs: 5_000, seed: 7, server: { rpm: 1e9, tpm: 1e12 }, limiter: {}, tokensPerRequest: smallRequests, sliceMs: 1000 });
    const fullSpeed = workers / 0.5;
    expect(report.requestsPerSecond / fullSpeed).toBeGreaterThanOrEqual(0.9);
    expect(report.throttles).toBe(0);
  });

  it('with unknown limits on a server that never throttles is at full speed within 5 s when full speed is ~90 requests/s (the bench: concurrency 8, ~90 ms per call)', async () => {
    const workers = 8;
    const report = await simulate({ workers, durationMs: 10_000, measureFromMs: 4_000, seed: 7, server: { rpm: 1e9, tpm: 1e12 }, limiter: {}, tokensPerRequest: smallRequests, latencyMs: [60, 120], sliceMs: 1000 });
    const fullSpeed = workers / 0.09;
    const fifthSecond = report.slices.find((slice) => slice.fromMs === 4_000);
    expect((fifthSecond?.acceptedRequests ?? 0) / fullSpeed).toBeGreaterThanOrEqual(0.9);
    expect(report.throttles).toBe(0);
  });

  it.each([
    { rpm: 60, workers: 16, durationMs: 600_000 },
    { rpm: 6000, workers: 64, durationMs: 240_000 },
  ])('with unknown limits keeps the same throttle share and throughput at $rpm RPM', async ({ rpm, workers, durationMs }) => {
    const report = await simulate({
      ...unknownRun,
      workers,
      durationMs,
      server: { rpm, tpm: rpm * 100_000 },
      limiter: { adaptive: { initialRequestsPerSecond: (2 * rpm) / 60 } },
      tokensPerRequest: smallRequests,
    });
    expect(report.throttleShare).toBeLessThan(0.01);
    expect(report.utilization).toBeGreaterThanOrEqual(0.9);
  });
});
