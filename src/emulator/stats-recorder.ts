import type { Protocol } from '../models/model-info.js';
import type { EndpointKind } from './emulator-options.js';
import type { BatchLineCounters } from './batch/batch-line-counters.js';
import type { FaultKind } from './fault-kind.js';

/** How a request ended, from the emulator's point of view (`aborted`: the client left during the latency delay). */
export type RequestOutcome = 'accepted' | 'throttled' | 'faulted' | 'rejected' | 'unauthorized' | 'not-found' | 'aborted';

/** One request-log entry. Never contains the API key or the request body. */
export interface RequestLogEntry {
  /** 1-based arrival order since start or the last reset. */
  seq: number;
  /** Arrival time, epoch ms (the emulator's clock). */
  at: number;
  method: string;
  path: string;
  endpoint: EndpointKind | undefined;
  protocol: Protocol | undefined;
  model: string | undefined;
  /** Region taken from a `/{region}/…` path prefix, if any. */
  region: string | undefined;
  /** `X-DashScope-WorkSpace`, if sent. */
  workspace: string | undefined;
  stream: boolean;
  /** HTTP status sent (200 for native stream errors; 0 when the connection was reset or closed). */
  status: number;
  outcome: RequestOutcome;
  /** DashScope error code for rejected, throttled and HTTP-error faults. */
  code: string | undefined;
  fault: FaultKind | undefined;
  inputTokens: number;
  outputTokens: number;
  /** Texts embedded or documents reranked. */
  items: number;
  requestId: string;
}

/** Counters for one model (or the totals). Tokens and items count accepted requests only. */
export interface ModelCounters {
  requests: number;
  accepted: number;
  throttled: number;
  throttledByCode: Record<string, number>;
  faulted: number;
  faultedByKind: Partial<Record<FaultKind, number>>;
  rejected: number;
  inputTokens: number;
  outputTokens: number;
  items: number;
}

/** What `stats()` and `GET /__emulator/stats` return. */
export interface EmulatorStats {
  /** The seed of the fault and latency schedule of this run. */
  seed: number;
  /** When counting started (creation or last reset), ISO 8601. */
  since: string;
  totals: ModelCounters & { unauthorized: number; notFound: number };
  /** Per model id; requests that named no model are only in the totals. */
  models: Record<string, ModelCounters>;
  /** Lines of ended Batch API batches per model (not in `totals` or `models`, which count HTTP requests). */
  batchLines: Record<string, BatchLineCounters>;
}

function emptyCounters(): ModelCounters {
  return {
    requests: 0,
    accepted: 0,
    throttled: 0,
    throttledByCode: {},
    faulted: 0,
    faultedByKind: {},
    rejected: 0,
    inputTokens: 0,
    outputTokens: 0,
    items: 0,
  };
}

function add(counters: ModelCounters, entry: RequestLogEntry): void {
  counters.requests++;
  if (entry.outcome === 'accepted') {
    counters.accepted++;
    counters.inputTokens += entry.inputTokens;
    counters.outputTokens += entry.outputTokens;
    counters.items += entry.items;
  } else if (entry.outcome === 'throttled') {
    counters.throttled++;
    const code = entry.code ?? 'unknown';
    counters.throttledByCode[code] = (counters.throttledByCode[code] ?? 0) + 1;
  } else if (entry.outcome === 'faulted' && entry.fault) {
    counters.faulted++;
    counters.faultedByKind[entry.fault] = (counters.faultedByKind[entry.fault] ?? 0) + 1;
  } else if (entry.outcome === 'rejected') {
    counters.rejected++;
  }
}

/** Counters plus a bounded request log: {@link createStatsRecorder}. */
export interface StatsRecorder {
  /** Assigns the next sequence number (call once per arriving request). */
  nextSeq(): number;
  record(entry: RequestLogEntry): void;
  /** A deep copy of the counters, with the batch-line counters kept by the Files and Batch APIs. */
  snapshot(seed: number, batchLines?: ReadonlyMap<string, BatchLineCounters>): EmulatorStats;
  /** Log entries, oldest first (at most `logLimit`). */
  log(): RequestLogEntry[];
  setLogLimit(limit: number): void;
  reset(): void;
}

/**
 * Per-model counters (accepted, throttled by code, faulted by kind, rejected, tokens, items) and a
 * ring-buffer request log of at most `logLimit` entries, so a benchmark can prove that nothing was
 * lost or duplicated. Snapshots are deep copies.
 */
export function createStatsRecorder(logLimit: number, clock: () => number): StatsRecorder {
  let limit = logLimit;
  let seq = 0;
  let since = clock();
  let totals = { ...emptyCounters(), unauthorized: 0, notFound: 0 };
  let models = new Map<string, ModelCounters>();
  let entries: RequestLogEntry[] = [];
  let head = 0;

  return {
    nextSeq: () => ++seq,
    record(entry) {
      add(totals, entry);
      if (entry.outcome === 'unauthorized') totals.unauthorized++;
      if (entry.outcome === 'not-found') totals.notFound++;
      if (entry.model !== undefined && entry.outcome !== 'unauthorized') {
        let counters = models.get(entry.model);
        if (!counters) models.set(entry.model, (counters = emptyCounters()));
        add(counters, entry);
      }
      if (limit === 0) return;
      if (entries.length < limit) entries.push(entry);
      else {
        entries[head] = entry;
        head = (head + 1) % limit;
      }
    },
    snapshot(seed, batchLines = new Map()) {
      return structuredClone({
        seed,
        since: new Date(since).toISOString(),
        totals,
        models: Object.fromEntries(models),
        batchLines: Object.fromEntries(batchLines),
      });
    },
    log: () => [...entries.slice(head), ...entries.slice(0, head)],
    setLogLimit(next) {
      const kept = [...entries.slice(head), ...entries.slice(0, head)];
      limit = next;
      entries = next === 0 ? [] : kept.slice(-next);
      head = 0;
    },
    reset() {
      seq = 0;
      since = clock();
      totals = { ...emptyCounters(), unauthorized: 0, notFound: 0 };
      models = new Map();
      entries = [];
      head = 0;
    },
  };
}
