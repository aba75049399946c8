import { describe, expect, it } from 'vitest';
import { sampleLatency } from './latency-sampler.js';
import { createSeededRandom } from './seeded-random.js';

describe('sampleLatency', () => {
  it('is the fixed delay alone without jitter', () => {
    expect(sampleLatency({ fixedMs: 25 }, createSeededRandom(1))).toBe(25);
    expect(sampleLatency(undefined, createSeededRandom(1))).toBe(0);
  });

  it('draws uniform jitter in [fixed, fixed + jitter), the same for the same seed', () => {
    const draw = (seed: number) => {
      const random = createSeededRandom(seed);
      return Array.from({ length: 1_000 }, () => sampleLatency({ fixedMs: 10, jitterMs: 5 }, random));
    };
    const samples = draw(3);
    expect(samples).toEqual(draw(3));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(10);
    expect(Math.max(...samples)).toBeLessThan(15);
  });

  it('draws a log-normal tail whose median is about the jitter scale', () => {
    const random = createSeededRandom(9);
    const samples = Array.from({ length: 5_001 }, () => sampleLatency({ jitterMs: 20, distribution: 'lognormal' }, random)).sort((a, b) => a - b);
    expect(samples[2_500]).toBeGreaterThan(17);
    expect(samples[2_500]).toBeLessThan(23);
    expect(samples[4_950]).toBeGreaterThan(150);
  });
});
