import { createReadStream, createWriteStream, existsSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { InputValidationError } from '../../core/errors.js';
import type { EmbedStats } from '../resolve-embed-settings.js';
import { bullConnection, loadBullMQ, type RedisConnection } from './load-bullmq.js';
import { type BulkEmbedJobOptions, runBulkEmbedJob } from './run-bulk-embed-job.js';
import { type BulkEmbedChunk, type BulkEmbedJobPlan, bulkEmbedQueueName, readBulkEmbedPlan } from './submit-bulk-embed-job.js';

/** Options of {@link runBulkEmbedWorker}: those of `runBulkEmbedJob` but the files, plus the queue's. */
export interface RunBulkEmbedWorkerOptions extends Omit<BulkEmbedJobOptions, 'input' | 'output' | 'onProgress' | 'progressIntervalMs'> {
  /** The Redis the job was submitted to. */
  redis: RedisConnection;
  /** The job name given to `submitBulkEmbedJob`. */
  name: string;
  /** The job's work folder (with `job.json`), shared by every worker. */
  workDir: string;
  /** Chunks this worker embeds at once (each with `concurrency` requests in flight). @default 1 */
  chunkConcurrency?: number;
  /**
   * How long (ms) a chunk stays locked to this worker without a heartbeat; after a crash the chunk
   * goes back to the queue within about twice this and another worker resumes it from its checkpoint.
   * @default 30000
   */
  lockDurationMs?: number;
  /** Stops taking chunks and abandons the current ones (they resume elsewhere or on the next run). */
  signal?: AbortSignal;
  /** Called after each chunk this worker finishes. */
  onChunk?: (chunk: { index: number; lines: number; stats: EmbedStats }) => void;
}

/** What one worker did. */
export interface BulkEmbedWorkerReport {
  /** Chunks this worker finished. */
  chunks: number;
  /** Counters summed over those chunks. */
  stats: EmbedStats;
}

/** Paths of chunk `index`'s input slice and output (its checkpoint). */
export function chunkPaths(workDir: string, index: number): { input: string; output: string } {
  const base = join(workDir, 'chunks', `chunk-${String(index).padStart(6, '0')}`);
  return { input: `${base}.input`, output: `${base}.jsonl` };
}

async function sliceInput(plan: BulkEmbedJobPlan, chunk: BulkEmbedChunk, path: string): Promise<void> {
  if (existsSync(path)) return;
  const temporary = `${path}.${process.pid}.${Date.now()}.tmp`;
  if (chunk.byteEnd > chunk.byteStart) await pipeline(createReadStream(plan.input, { start: chunk.byteStart, end: chunk.byteEnd - 1 }), createWriteStream(temporary));
  else await pipeline(async function* () {}, createWriteStream(temporary));
  renameSync(temporary, path);
}

function addStats(into: EmbedStats, from: EmbedStats): void {
  for (const key of Object.keys(into) as (keyof EmbedStats)[]) into[key] += from[key];
}

/**
 * Takes chunks of a submitted bulk embedding job from its BullMQ queue and embeds each with
 * `runBulkEmbedJob` into `<workDir>/chunks/chunk-NNNNNN.jsonl`, until no chunk is waiting, delayed
 * or active anywhere (so the last workers also finish a crashed worker's chunk once BullMQ returns
 * it to the queue). Run it in as many processes and machines as you like; give them one
 * `RateLimiter` store (`RedisRateStore`) so they share the account's quota.
 *
 * Exactly-once: a chunk's output is its checkpoint, so a chunk taken over after a crash resumes
 * where the output ends (only requests in flight at the crash are sent again) and a chunk already
 * finished is not embedded again. A failing chunk (for example throttled past its retries) is retried
 * by the queue up to 20 times with exponential backoff from 1 s.
 *
 * @returns the chunks this worker finished and their summed counters.
 * @throws InputValidationError when `workDir` has no plan; the errors of `runBulkEmbedJob` for bad
 *   options; `Error` naming the package when `bullmq` is not installed.
 */
export async function runBulkEmbedWorker(options: RunBulkEmbedWorkerOptions): Promise<BulkEmbedWorkerReport> {
  const queueName = bulkEmbedQueueName(options.name);
  const plan = readBulkEmbedPlan(options.workDir);
  if (!plan) throw new InputValidationError(`${options.workDir} has no job.json: submit the job first (submitBulkEmbedJob).`, 'workDir');
  const { redis, name: _name, workDir, chunkConcurrency = 1, lockDurationMs = 30_000, signal, onChunk, ...embed } = options;
  const format = embed.format ?? (/\.(jsonl|ndjson)$/i.test(plan.input) ? 'jsonl' : 'text');
  mkdirSync(join(workDir, 'chunks'), { recursive: true });
  const report: BulkEmbedWorkerReport = { chunks: 0, stats: { embedded: 0, failed: 0, cached: 0, truncated: 0, tokens: 0, requests: 0, retries: 0, throttles: 0, elapsedMs: 0 } };
  const { Queue, Worker } = await loadBullMQ();
  const connection = bullConnection(redis);
  const queue = new Queue(queueName, { connection });
  const abandon = new AbortController();
  const stop = signal ? AbortSignal.any([signal, abandon.signal]) : abandon.signal;
  const worker = new Worker(
    queueName,
    async (job) => {
      const index = (job.data as { index: number }).index;
      const chunk = plan.chunks[index];
      if (!chunk) throw new Error(`chunk ${index} is not in ${workDir}/job.json`);
      const paths = chunkPaths(workDir, index);
      await sliceInput(plan, chunk, paths.input);
      const done = await runBulkEmbedJob({ ...embed, format, signal: stop, input: paths.input, output: paths.output });
      if (done.lines !== chunk.lines) throw new Error(`chunk ${index} has ${done.lines} of ${chunk.lines} lines`);
      report.chunks++;
      addStats(report.stats, done.stats);
      onChunk?.({ index, lines: chunk.lines, stats: done.stats });
      return { lines: done.lines };
    },
    { connection, concurrency: chunkConcurrency, lockDuration: lockDurationMs, stalledInterval: lockDurationMs, maxStalledCount: 10, autorun: true },
  );
  // BullMQ reports per-job failures through events; they are retried by the queue, not thrown here.
  worker.on('error', () => undefined);
  try {
    for (;;) {
      if (stop.aborted) break;
      const counts = await queue.getJobCounts('wait', 'active', 'delayed', 'prioritized', 'waiting-children');
      if (Object.values(counts).every((count) => count === 0)) break;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          stop.removeEventListener('abort', wake);
          resolve();
        }, 250);
        stop.addEventListener('abort', wake, { once: true });
      });
    }
  } finally {
    abandon.abort();
    await worker.close(true);
    await queue.close();
  }
  return report;
}
