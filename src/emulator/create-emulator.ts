import { API_RATE_LIMITS } from './batch/api-rate-limits.js';
import { createBatchWorld } from './batch/batch-world.js';
import { ExplicitCache } from './context-cache/explicit-cache.js';
import { getModelInfo } from '../models/catalog.js';
import type { AdminControls } from './admin-routes.js';
import { emulatorApp } from './emulator-app.js';
import type { EmulatorOptions, EmulatorRateLimit } from './emulator-options.js';
import type { EmulatorState } from './emulator-state.js';
import { createFaultInjector } from './fault-injector.js';
import { outcomeToResponse } from './outcome-to-response.js';
import { createRateLimiter } from './rate-limiter.js';
import { createSeededRandom, randomSeed } from './seeded-random.js';
import type { EmulatorServer, ServeOptions } from './serve-emulator.js';
import { createStatsRecorder, type EmulatorStats, type RequestLogEntry } from './stats-recorder.js';

/** A running emulator: an in-process `fetch`, a real HTTP server on demand, counters and controls. */
export interface Emulator {
  /**
   * Answers a request in process, exactly as the HTTP server would (the host is ignored, so any
   * region's base URL works). Pass it as the SDK client's (or `openai`'s) `fetch` option.
   *
   * @throws TypeError('fetch failed') for the `reset-before-headers` and `empty-response` faults,
   *   as a real `fetch` does; a request's `signal` aborts latency and stalls.
   */
  fetch(input: string | URL | Request, init?: RequestInit): Promise<Response>;
  /**
   * Starts an HTTP server (Node only) on `host` (default 127.0.0.1) and `port` (default 0: any free
   * port, reported in `url`). Binding a non-loopback host needs `allowNonLoopback: true`.
   */
  serve(options?: ServeOptions): Promise<EmulatorServer>;
  /** Counters per model and totals, with the run's seed. */
  stats(): EmulatorStats;
  /** The request log, oldest first. */
  requestLog(): RequestLogEntry[];
  /** Zeroes counters, log and rate windows, drops stored files and batches, and restarts the fault schedule from its seed. */
  reset(): void;
  /**
   * Replaces some options at run time (limits, faults, latency, keys, log size); a new `faults` or
   * `seed` restarts the fault schedule. `clock` and `admin` are fixed at creation.
   *
   * @throws RangeError for invalid fault options (the previous configuration stays).
   */
  configure(options: Partial<Omit<EmulatorOptions, 'clock' | 'admin'>>): void;
  /** The seed of this run's faults and latency. */
  readonly seed: number;
}

const latencyRandomFor = (seed: number) => createSeededRandom(seed ^ 0x5bd1e995);

/**
 * Creates a local, wire-compatible DashScope (Alibaba Cloud Model Studio) emulator with deterministic
 * lexical models: native text and multimodal generation (plain and SSE), text embedding, text rerank,
 * tokenizer; compatible-mode chat completions (plain and SSE), embeddings, models; and
 * `/compatible-api/v1/reranks`; the Files and Batch APIs (`/compatible-mode/v1/files`, `/batches`) with
 * files in memory and batches that move through their lifecycle on the emulator's clock
 * (`EmulatorOptions.batch`), each line answered by the compatible chat or embeddings handler. Every region's paths are served, optionally under a `/{region}/`
 * prefix that applies the catalog's regional model availability. Request schemas and the model
 * catalog are the SDK's own; streams are written with the SDK's SSE encoder. Protocol reference:
 * https://www.alibabacloud.com/help/en/model-studio/ (per-endpoint pages cited on each handler).
 *
 * Admin paths (unless `admin: false`): `GET /__emulator/stats`, `GET /__emulator/log`,
 * `POST /__emulator/reset`, `GET|POST /__emulator/config` (a JSON body of {@link EmulatorOptions}
 * fields).
 *
 * @throws RangeError for invalid fault options.
 */
export function createEmulator(options: EmulatorOptions = {}): Emulator {
  const clock = options.clock ?? Date.now;
  const initialSeed = options.seed ?? randomSeed();
  const state: EmulatorState = {
    options: { ...options },
    seed: initialSeed,
    clock,
    limiter: createRateLimiter((model) => limitsFor(model), clock),
    injector: createFaultInjector(options.faults ?? {}, initialSeed),
    stats: createStatsRecorder(options.logLimit ?? 10_000, clock),
    contextCache: new ExplicitCache(),
    batch: createBatchWorld(options.filesFolder),
    latencyRandom: latencyRandomFor(initialSeed),
  };

  function limitsFor(model: string): EmulatorRateLimit | undefined {
    const limits = state.options.rateLimits;
    if (!limits) return undefined;
    if (limits === 'catalog') return getModelInfo(model)?.rateLimits ?? API_RATE_LIMITS[model];
    return model in API_RATE_LIMITS ? limits[model] : (limits[model] ?? limits['*']);
  }

  const controls: AdminControls = {
    stats: () => emulator.stats(),
    requestLog: () => emulator.requestLog(),
    reset: () => emulator.reset(),
    configure: (next) => emulator.configure(next),
    options: () => state.options,
  };
  const handle = emulatorApp(state, options.admin === false ? undefined : controls);

  const emulator: Emulator = {
    get seed() {
      return state.injector.seed;
    },
    async fetch(input, init) {
      const request = input instanceof Request && init === undefined ? input : new Request(input, init);
      return outcomeToResponse(await handle(request, request.signal), request.signal);
    },
    async serve(serveOptions) {
      const { serveEmulator } = await import('./serve-emulator.js');
      return serveEmulator(handle, serveOptions);
    },
    stats: () => state.stats.snapshot(state.injector.seed, state.batch.lines),
    requestLog: () => state.stats.log(),
    reset() {
      state.stats.reset();
      state.limiter.reset();
      state.contextCache = new ExplicitCache();
      void state.batch.files.clear().catch(() => undefined);
      state.batch = createBatchWorld(state.options.filesFolder);
      state.injector = createFaultInjector(state.options.faults ?? {}, state.seed);
      state.latencyRandom = latencyRandomFor(state.seed);
    },
    configure(next) {
      const { clock: _fixedClock, admin: _fixedAdmin, ...changes } = next as EmulatorOptions;
      const merged = { ...state.options, ...changes };
      const seed = next.seed ?? state.seed;
      state.injector = createFaultInjector(merged.faults ?? {}, seed);
      state.options = merged;
      state.seed = seed;
      state.latencyRandom = latencyRandomFor(seed);
      if (next.logLimit !== undefined) state.stats.setLogLimit(next.logLimit);
    },
  };
  return emulator;
}
