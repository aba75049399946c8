import type { EmulatorLatencyOptions } from './emulator-options.js';

/**
 * Draws the delay before a response's headers, in ms: `fixedMs` plus jitter from the given seeded
 * random source, uniform in [0, jitterMs) or log-normal with median `jitterMs` and σ = 1 (Box-Muller),
 * the long-tailed shape of real service latency.
 */
export function sampleLatency(options: EmulatorLatencyOptions | undefined, random: () => number): number {
  const fixed = options?.fixedMs ?? 0;
  const jitter = options?.jitterMs ?? 0;
  if (jitter <= 0) return fixed;
  if (options?.distribution === 'lognormal') {
    const normal = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return fixed + jitter * Math.exp(normal);
  }
  return fixed + random() * jitter;
}
