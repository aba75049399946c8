import cliProgress from 'cli-progress';
import { APIUserAbortError } from '../../core/errors.js';
import type { CostEstimate } from '../../production/estimate-cost.js';
import { estimateBulkEmbedCost, runBulkEmbedJob, type BulkEmbedCostEstimate, type BulkEmbedReport } from '../../production/node/index.js';
import { RateLimiter } from '../../production/rate-limiter.js';
import type { CliContext } from '../cli-context.js';
import { InterruptedError, UsageError } from '../cli-errors.js';
import { writeJson } from '../write-json.js';

/** Options of the bulk mode of `dashscope-kit embed` (`--input` given). */
export interface BulkEmbedOptions {
  input: string;
  output?: string | undefined;
  model: string;
  dimension?: number | undefined;
  textType: 'document' | 'query';
  instruct?: string | undefined;
  concurrency: number;
  /** Known requests per minute for the model; unknown → the limiter finds it. */
  rpm?: number | undefined;
  /** Known tokens per minute for the model. */
  tpm?: number | undefined;
  dryRun?: boolean | undefined;
  json?: boolean | undefined;
}

/** The cost as printed: offline (built-in emulator) nothing is charged, so the price is labelled as an estimate for DashScope. */
function formatCost(cost: CostEstimate, offline: boolean): string {
  if (!cost.priced) return `unpriced (${cost.message})`;
  const amount = `${cost.currency} ${cost.amount.toFixed(6)}`;
  return offline ? `nothing charged offline; estimated ${amount} if run on DashScope (prices seen ${cost.seen})` : `${amount} (prices seen ${cost.seen})`;
}

/**
 * `dashscope-kit embed --input big.jsonl --output vectors.jsonl`: the resumable bulk job
 * (`runBulkEmbedJob`), paced by a rate limiter, with a progress bar (lines, rate, ETA, tokens, cost) on
 * stderr and a final summary on stderr (`--json`: the {@link BulkEmbedReport} plus `offline` on stdout).
 * `--dry-run` prints the {@link BulkEmbedCostEstimate} (plus `offline`) on stdout and sends nothing.
 * Offline (built-in emulator) costs are labelled as estimates for DashScope: nothing is charged. Ctrl-C keeps every finished line; run again to resume.
 *
 * @throws UsageError without `--output` (unless `--dry-run`); InterruptedError on Ctrl-C; SDK errors as they come.
 */
export async function runBulkEmbed(context: CliContext, options: BulkEmbedOptions): Promise<void> {
  const { io } = context;
  const input = context.resolvePath(options.input);
  const client = await context.client();
  const offline = context.offline;
  if (options.dryRun) {
    const estimate = await estimateBulkEmbedCost({ input, model: options.model, region: client.region });
    if (options.json) writeJson(io.stdout, { ...estimate, offline });
    else {
      io.stdout.write(
        `${estimate.lines} lines, ${estimate.texts} texts (${estimate.skipped} would be skipped), ${estimate.tokens} tokens, ` +
          `${estimate.requests} requests, cost ${formatCost(estimate.cost, offline)} in ${client.region}\n`,
      );
    }
    return;
  }
  if (!options.output) throw new UsageError('--input needs --output <file> (the JSONL output is also the checkpoint).', 'Add --output vectors.jsonl, or --dry-run to price the file.');
  const limits: { rpm?: number; tpm?: number } = {};
  if (options.rpm !== undefined) limits.rpm = options.rpm;
  if (options.tpm !== undefined) limits.tpm = options.tpm;
  const known = options.rpm !== undefined || options.tpm !== undefined;
  const limiter = new RateLimiter({ limits: { [options.model]: limits }, ...(known ? { adaptive: false as const } : {}) });
  const bar =
    io.stderr.isTTY === true
      ? new cliProgress.SingleBar(
          { stream: io.stderr, format: 'embedding [{bar}] {value}/{total} lines | {rate}/s | ETA {eta_formatted} | {tokens} tokens | {cost}', hideCursor: true, fps: 5 },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let report: BulkEmbedReport;
  try {
    report = await runBulkEmbedJob({
      client,
      input,
      output: context.resolvePath(options.output),
      model: options.model,
      text_type: options.textType,
      concurrency: options.concurrency,
      limiter,
      tokenCounting: 'estimate',
      signal: io.signal,
      ...(options.dimension !== undefined ? { dimension: options.dimension } : {}),
      ...(options.instruct !== undefined ? { instruct: options.instruct } : {}),
      onProgress: (progress) => {
        const payload = { rate: progress.linesPerSecond.toFixed(0), tokens: progress.stats.tokens, cost: formatCost(progress.cost, offline) };
        if (!bar) return;
        if (bar.getTotal() !== progress.linesTotal) bar.start(progress.linesTotal, progress.linesDone, payload);
        bar.update(progress.linesDone, payload);
      },
    });
  } catch (error) {
    if (error instanceof APIUserAbortError) {
      throw new InterruptedError('Interrupted: every line written so far is kept.', 'Run the same command again to resume where it stopped.');
    }
    throw error;
  } finally {
    bar?.stop();
  }
  if (options.json) {
    writeJson(io.stdout, { ...report, failures: report.failures, offline });
    return;
  }
  const { stats } = report;
  io.stderr.write(
    `embedded ${stats.embedded} lines (${report.resumedFrom} resumed, ${stats.failed} failed, ${stats.cached} cached) → ${options.output}; ` +
      `${stats.tokens} tokens, ${stats.requests} requests, ${stats.retries} retries, ${stats.throttles} throttles, ` +
      `${(stats.elapsedMs / 1000).toFixed(1)} s, cost ${formatCost(report.cost, offline)}\n`,
  );
  for (const failure of report.failures.slice(0, 20)) io.stderr.write(`  line ${failure.line}: ${failure.reason}: ${failure.message}\n`);
  if (report.failures.length > 20) io.stderr.write(`  … ${report.failures.length - 20} more failures in the report (--json)\n`);
}
