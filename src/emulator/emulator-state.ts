import type { BatchWorld } from './batch/batch-world.js';
import type { ExplicitCache } from './context-cache/explicit-cache.js';
import type { EmulatorOptions } from './emulator-options.js';
import type { FaultInjector } from './fault-injector.js';
import type { RateLimiter } from './rate-limiter.js';
import type { StatsRecorder } from './stats-recorder.js';

/** The mutable state one emulator's requests share (options can be replaced at run time). */
export interface EmulatorState {
  options: EmulatorOptions;
  /** The run's seed (faults use `faults.seed` when given). */
  seed: number;
  clock: () => number;
  limiter: RateLimiter;
  injector: FaultInjector;
  stats: StatsRecorder;
  /** Explicit context-cache entries (model + marked prefix → expiry). */
  contextCache: ExplicitCache;
  /** Files and batches of the Files and Batch APIs (cleared by `reset()`). */
  batch: BatchWorld;
  /** Seeded random source for latency jitter. */
  latencyRandom: () => number;
}
