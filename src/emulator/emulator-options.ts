import type { Protocol } from '../models/model-info.js';
import type { FaultKind } from './fault-kind.js';

/** The API families the emulator serves; used to aim faults and to label stats and the request log. */
export type EndpointKind = 'chat' | 'embeddings' | 'rerank' | 'tokenizer' | 'models' | 'files' | 'batches' | 'tasks';

/**
 * Requests and tokens per minute for one model. DashScope also enforces `rpm / 60` requests and
 * `tpm / 60` tokens per second (https://www.alibabacloud.com/help/en/model-studio/rate-limit); so
 * does the emulator. Omit a field for no limit on that dimension.
 */
export interface EmulatorRateLimit {
  rpm?: number;
  tpm?: number;
}

/**
 * The seeded fault injector. Give a `sequence` (one entry consumed per eligible request, then `ok`,
 * or round again with `loop`), or a `rate` with optional `kinds` weights, or both (the sequence
 * comes first). Eligible requests are those that passed auth, validation and rate limiting, so a
 * faulted call consumes quota as a real one does.
 */
export interface EmulatorFaultOptions {
  /** Scripted faults, e.g. `['429', 'ok', 'reset-mid-body']`. */
  sequence?: readonly FaultKind[];
  /** Restart the sequence when it runs out (default false: then `ok`). */
  loop?: boolean;
  /** Probability in [0, 1] that an eligible request is faulted (after the sequence). Default 0. */
  rate?: number;
  /** Relative weights of the kinds drawn by `rate`. Default: every kind except `ok` and the stalls, equally. */
  kinds?: Partial<Record<Exclude<FaultKind, 'ok'>, number>>;
  /** Seed of the fault schedule; defaults to the emulator's `seed`. */
  seed?: number;
  /** Only these endpoint kinds are faulted (default: all but `models`, so files and batches calls too). */
  endpoints?: readonly EndpointKind[];
  /** Only these protocols are faulted (default: both). */
  protocols?: readonly Protocol[];
  /** Only requests for these models are faulted (default: all). */
  models?: readonly string[];
  /** How long `stall` and `stall-mid-body` hold the response, in ms (default 30,000). */
  stallMs?: number;
}

/** Latency added before the response headers: `fixedMs` plus seeded jitter. */
export interface EmulatorLatencyOptions {
  /** Constant delay in ms (default 0). */
  fixedMs?: number;
  /** Jitter scale in ms (default 0): uniform in [0, jitterMs), or the median of a log-normal tail. */
  jitterMs?: number;
  /** Jitter distribution (default `uniform`); `lognormal` (σ = 1) gives the occasional slow call. */
  distribution?: 'uniform' | 'lognormal';
  /** Pause between SSE events in ms (default 0), so streams arrive over time. */
  eventIntervalMs?: number;
}

/**
 * How long emulated batches spend in each state, in ms of the emulator's clock (the real service takes
 * minutes to hours; these defaults keep tests and demos short). A batch validates for `validatingMs`,
 * answers one line every `lineMs` while `in_progress`, finalizes for `finalizingMs`; a cancel takes
 * `cancellingMs`; past `windowMs` (default: its `completion_window`) an unfinished batch is `expired`.
 */
export interface EmulatorBatchOptions {
  /** Default 200. */
  validatingMs?: number;
  /** Default 10. */
  lineMs?: number;
  /** Default 200. */
  finalizingMs?: number;
  /** Default 200. */
  cancellingMs?: number;
  /** Overrides every batch's `completion_window`, ms. */
  windowMs?: number;
}

/** Options of {@link createEmulator}; every field can be changed later with `configure` or the admin path. */
export interface EmulatorOptions {
  /**
   * API keys accepted (as `Authorization: Bearer <key>` or `X-DashScope-ApiKey`). Default: any
   * non-empty key. Keys are never logged or echoed.
   */
  apiKeys?: readonly string[];
  /**
   * Per-model limits, `'*'` applying to models without their own entry; `'catalog'` uses the
   * `rateLimits` of the model catalog (models without published limits stay unlimited). Default: no limits.
   */
  rateLimits?: 'catalog' | Readonly<Record<string, EmulatorRateLimit>>;
  /**
   * Send `Retry-After` (seconds) and `retry-after-ms` on 429 answers. DashScope sends neither, so
   * the default is false.
   */
  retryAfter?: boolean;
  /** Seed for faults and latency jitter. Default: random; always reported by `stats().seed`. */
  seed?: number;
  faults?: EmulatorFaultOptions;
  latency?: EmulatorLatencyOptions;
  /**
   * Embedding texts above the model's per-text token limit: `error` (400 "Range of input length
   * should be [1, N]", the default) or `truncate` (embed the first N tokens).
   */
  embeddingOverLimit?: 'error' | 'truncate';
  /** Request-log entries kept (oldest dropped first). Default 10,000; 0 disables the log. */
  logLimit?: number;
  /** Serve `/__emulator/*` (stats, log, reset, config). Default true. */
  admin?: boolean;
  /** Timing of the Batch API's lifecycle (see {@link EmulatorBatchOptions}). */
  batch?: EmulatorBatchOptions;
  /**
   * Files API storage. Default: file bytes in memory. A folder path keeps each uploaded file and each
   * batch output/error file under it instead, one file per id (the folder is created if missing; a
   * deleted file and every file at `reset()` is removed from it), so a run with many or large batch files
   * holds only metadata in memory. Needs `node:fs` (Node, Bun, Deno). Read when the emulator is created and
   * at each `reset()`.
   */
  filesFolder?: string;
  /** Clock in epoch ms, for rate-limit windows and log timestamps (tests inject a fake). Default `Date.now`. */
  clock?: () => number;
}
