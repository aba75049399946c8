import { APIUserAbortError } from '../../core/errors.js';
import type { CliContext } from '../cli-context.js';
import { createCliRateLimiter } from '../create-cli-rate-limiter.js';
import { cliEmbedParams } from './cli-embed-params.js';
import type { BulkEmbedOptions } from './bulk-embed.js';
import { BulkLinesFailedError, InterruptedError, UsageError } from '../cli-errors.js';
import { writeJson } from '../write-json.js';

/** Options of `dashscope-kit embed --input … --output … --redis <url>`: the bulk job spread over workers. */
export interface DistributedEmbedOptions extends Omit<BulkEmbedOptions, 'dryRun'> {
  /** Redis (or Valkey) URL holding the queue and the shared quota. */
  redis: string;
  /** Job name shared by every worker of one job. Default: derived from the output file name. */
  job?: string | undefined;
  /** Folder shared by every worker for the plan and the chunk checkpoints. Default `<output>.work`. */
  workDir?: string | undefined;
  /** Input lines per queued chunk. */
  chunkLines?: number | undefined;
}

/**
 * `dashscope-kit embed --input big.jsonl --output vectors.jsonl --redis redis://host:6379`: run the same
 * command on as many machines or processes as you like. Each one submits the job (idempotent: chunk ids
 * are fixed), works on chunks from the BullMQ queue with a `RateLimiter` whose state lives in Redis
 * (`RedisRateStore`, keyed by a hash of `DASHSCOPE_API_KEY` and the region, so together they pace to the
 * account's quota), and once no chunk is left anywhere writes the output in input order (every process
 * that gets there writes the same file; the rename makes it atomic). `--work-dir` must be one folder
 * every process can read and write (a shared filesystem across machines). A killed process's chunk goes
 * back to the queue and resumes from its checkpoint on another. Summary on stderr, `--json` on stdout.
 *
 * @throws UsageError without `--output`; BulkLinesFailedError when some lines failed (exit 8);
 *   InterruptedError on Ctrl-C (finished chunks are kept; run again to resume); `Error` naming the
 *   packages when `bullmq`/`ioredis` are not installed; SDK and Redis errors as they come.
 */
export async function runDistributedEmbed(context: CliContext, options: DistributedEmbedOptions): Promise<void> {
  const { io } = context;
  if (!options.output) throw new UsageError('--redis needs --output <file> (the output all workers assemble).', 'Add --output vectors.jsonl.');
  const output = context.resolvePath(options.output);
  const input = context.resolvePath(options.input);
  const workDir = context.resolvePath(options.workDir ?? `${options.output}.work`);
  const job = options.job ?? (options.output.split(/[\\/]/).pop() ?? 'job').replace(/[^A-Za-z0-9_-]/g, '-').slice(0, 100);
  const node = await import('../../production/node/index.js');
  const { Redis } = await import('ioredis').catch((error: unknown) => {
    throw new Error('--redis needs the optional packages ioredis and bullmq: npm install ioredis bullmq', { cause: error });
  });
  const client = await context.client();
  const redis = new Redis(options.redis, { maxRetriesPerRequest: 2 });
  redis.on('error', () => undefined);
  const account = io.env.DASHSCOPE_API_KEY?.trim() || 'offline-emulator';
  const limiter = createCliRateLimiter(options.model, { rpm: options.rpm, tpm: options.tpm }, new node.RedisRateStore({ client: redis, account, region: client.region }));
  try {
    const plan = await node.submitBulkEmbedJob({ redis: options.redis, name: job, input, workDir, ...(options.chunkLines !== undefined ? { chunkLines: options.chunkLines } : {}) });
    io.stderr.write(`job ${job}: ${plan.lines} lines in ${plan.chunks.length} chunks, work folder ${workDir}\n`);
    const worker = await node.runBulkEmbedWorker({
      redis: options.redis,
      name: job,
      workDir,
      client,
      ...cliEmbedParams(options, io.signal),
      limiter,
      onChunk: (chunk) => io.stderr.write(`chunk ${chunk.index + 1}/${plan.chunks.length} done (${chunk.lines} lines)\n`),
    });
    if (io.signal.aborted) throw new APIUserAbortError();
    const collected = await node.collectBulkEmbedJob({ workDir, output });
    if (options.json) writeJson(io.stdout, { job, workDir, ...collected, worker, offline: context.offline });
    else io.stderr.write(`this process embedded ${worker.chunks} chunks (${worker.stats.embedded} lines, ${worker.stats.requests} requests, ${worker.stats.throttles} throttles); ${collected.lines} lines → ${options.output}\n`);
    if (collected.failures > 0) {
      throw BulkLinesFailedError.of(collected.failures, collected.lines, options.output);
    }
  } catch (error) {
    if (error instanceof APIUserAbortError) throw new InterruptedError('Interrupted: finished chunks are kept.', 'Run the same command again to resume where it stopped.');
    throw error;
  } finally {
    redis.disconnect();
  }
}
