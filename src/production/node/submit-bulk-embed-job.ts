import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { InputValidationError } from '../../core/errors.js';
import { bullConnection, loadBullMQ, type RedisConnection } from './load-bullmq.js';

/** One slice of the input: `lines` lines from 1-based line `firstLine`, bytes `[byteStart, byteEnd)`. */
export interface BulkEmbedChunk {
  index: number;
  firstLine: number;
  lines: number;
  byteStart: number;
  byteEnd: number;
}

/** The plan of a distributed bulk embedding job, kept as `job.json` in its work folder. */
export interface BulkEmbedJobPlan {
  name: string;
  /** Absolute path of the input every worker reads. */
  input: string;
  /** Input size (bytes) and modification time (ms) when planned; a changed input is refused. */
  inputBytes: number;
  inputMtimeMs: number;
  lines: number;
  chunks: BulkEmbedChunk[];
}

/** Options of {@link submitBulkEmbedJob}. */
export interface SubmitBulkEmbedJobOptions {
  /** The Redis (or Valkey) the queue lives on: a URL or ioredis options. */
  redis: RedisConnection;
  /** Job name: letters, digits, `-` and `_`; the queue is `dashscope-kit-embed-<name>`. */
  name: string;
  /** Input file (JSON Lines or text, as for `runBulkEmbedJob`), readable by every worker at the same path. */
  input: string;
  /** Folder every worker and the collector can read and write (one machine, or a shared filesystem). */
  workDir: string;
  /** Input lines per chunk, the unit a worker takes from the queue. @default 1000 */
  chunkLines?: number;
}

/** The queue name of job `name`. @throws InputValidationError for a name with other characters. */
export function bulkEmbedQueueName(name: string): string {
  if (typeof name !== 'string' || !/^[A-Za-z0-9_-]{1,100}$/.test(name)) {
    throw new InputValidationError(`name must be 1-100 letters, digits, "-" or "_" (got ${JSON.stringify(name)}).`, 'name');
  }
  return `dashscope-kit-embed-${name}`;
}

/** Reads `job.json` from `workDir`, or `undefined` when there is none. */
export function readBulkEmbedPlan(workDir: string): BulkEmbedJobPlan | undefined {
  const path = join(workDir, 'job.json');
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as BulkEmbedJobPlan) : undefined;
}

async function planChunks(input: string, chunkLines: number): Promise<{ lines: number; chunks: BulkEmbedChunk[] }> {
  const chunks: BulkEmbedChunk[] = [];
  let lines = 0;
  let offset = 0;
  let chunkStart = 0;
  let chunkFirst = 1;
  let last = 10;
  for await (const piece of createReadStream(input, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let newline = piece.indexOf(10); newline !== -1; newline = piece.indexOf(10, newline + 1)) {
      lines++;
      if (lines - chunkFirst + 1 === chunkLines) {
        const end = offset + newline + 1;
        chunks.push({ index: chunks.length, firstLine: chunkFirst, lines: chunkLines, byteStart: chunkStart, byteEnd: end });
        chunkStart = end;
        chunkFirst = lines + 1;
      }
    }
    if (piece.length > 0) last = piece[piece.length - 1]!;
    offset += piece.length;
  }
  if (last !== 10) lines++;
  if (lines >= chunkFirst) chunks.push({ index: chunks.length, firstLine: chunkFirst, lines: lines - chunkFirst + 1, byteStart: chunkStart, byteEnd: offset });
  return { lines, chunks };
}

/**
 * Plans a bulk embedding job over many workers and puts one queue job per chunk of `chunkLines`
 * input lines on a BullMQ queue in Redis; `runBulkEmbedWorker` processes them on any number of
 * processes or machines and `collectBulkEmbedJob` writes the output in input order. Reads the
 * input once, streaming (memory does not grow with its size), and writes the plan to
 * `<workDir>/job.json`. Submitting the same job again is a no-op: queue job ids are the chunk
 * numbers, so nothing is queued twice, and a plan for a changed input is refused.
 *
 * @returns the plan (lines, chunks with their byte ranges).
 * @throws InputValidationError for a bad name, a missing input, `chunkLines` not a positive
 *   integer, or a work folder planned for another input; `Error` naming the package when `bullmq`
 *   is not installed.
 */
export async function submitBulkEmbedJob(options: SubmitBulkEmbedJobOptions): Promise<BulkEmbedJobPlan> {
  const queueName = bulkEmbedQueueName(options.name);
  const chunkLines = options.chunkLines ?? 1000;
  if (!Number.isSafeInteger(chunkLines) || chunkLines < 1) throw new InputValidationError(`chunkLines must be a positive integer (got ${chunkLines}).`, 'chunkLines');
  const input = resolve(options.input);
  if (!existsSync(input) || !statSync(input).isFile()) throw new InputValidationError(`Input file ${options.input} does not exist.`, 'input');
  const { size, mtimeMs } = statSync(input);
  mkdirSync(options.workDir, { recursive: true });
  let plan = readBulkEmbedPlan(options.workDir);
  if (plan && (plan.input !== input || plan.inputBytes !== size || plan.inputMtimeMs !== mtimeMs || plan.name !== options.name)) {
    throw new InputValidationError(`${options.workDir} holds job ${plan.name} for ${plan.input} as it was when planned; use another work folder.`, 'workDir');
  }
  if (!plan) {
    plan = { name: options.name, input, inputBytes: size, inputMtimeMs: mtimeMs, ...(await planChunks(input, chunkLines)) };
    const temporary = join(options.workDir, `job.json.${process.pid}.tmp`);
    writeFileSync(temporary, JSON.stringify(plan));
    renameSync(temporary, join(options.workDir, 'job.json'));
  }
  const { Queue } = await loadBullMQ();
  const queue = new Queue(queueName, { connection: bullConnection(options.redis) });
  try {
    const jobs = plan.chunks.map((chunk) => ({ name: 'chunk', data: { index: chunk.index }, opts: { jobId: `chunk-${chunk.index}`, attempts: 20, backoff: { type: 'exponential', delay: 1000 } } }));
    for (let start = 0; start < jobs.length; start += 500) await queue.addBulk(jobs.slice(start, start + 500));
  } finally {
    await queue.close();
  }
  return plan;
}
