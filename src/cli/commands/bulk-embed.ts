import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import cliProgress from 'cli-progress';
import { APIUserAbortError, InputValidationError } from '../../core/errors.js';
import type { CostEstimate } from '../../production/estimate-cost.js';
import { batchPrice } from '../../production/batch-price.js';
import { estimateBulkEmbedCost, runBatchEmbedJob, runBulkEmbedJob, type BulkEmbedCostEstimate, type BulkEmbedReport } from '../../production/node/index.js';
import type { CliContext } from '../cli-context.js';
import { createCliRateLimiter } from '../create-cli-rate-limiter.js';
import { cliEmbedParams } from './cli-embed-params.js';
import { BulkLinesFailedError, InterruptedError, LocalFileError, UsageError } from '../cli-errors.js';
import { findNonTextLine, NON_TEXT_REASONS } from '../find-non-text-line.js';
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
  /** `sync` (default): the real-time job; `batch`: DashScope's Batch API at 50 % of the price, within 24 h. */
  via?: 'sync' | 'batch' | undefined;
}

/** The cost as printed: offline (built-in emulator) nothing is charged, so the price is labelled as an estimate for DashScope. */
function formatCost(cost: CostEstimate, offline: boolean): string {
  if (!cost.priced) return `unpriced (${cost.message})`;
  const amount = `${cost.currency} ${cost.amount.toFixed(6)}`;
  return offline ? `nothing charged offline; estimated ${amount} if run on DashScope (prices seen ${cost.seen})` : `${amount} (prices seen ${cost.seen})`;
}

async function checkInput(input: string): Promise<void> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new LocalFileError(`Input file not found: ${input}`, 'Pass an existing JSONL or text file with --input <file>.');
  if (!info.isFile()) throw new LocalFileError(`${input} is a folder, not a file.`, 'Pass a JSONL or text file with --input <file>.');
  let found: Awaited<ReturnType<typeof findNonTextLine>>;
  try {
    found = await findNonTextLine(createReadStream(input));
  } catch (error) {
    throw new LocalFileError(`Cannot read ${input} (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, 'Fix its permissions, or pass another file with --input <file>.');
  }
  if (found) throw new UsageError(`${input} line ${found.line} holds ${NON_TEXT_REASONS[found.reason]}; nothing was sent.`, 'Pass a UTF-8 JSONL or text file, one text per line.');
}

async function checkOutput(output: string): Promise<void> {
  const folder = dirname(output);
  const parent = await stat(folder).catch(() => undefined);
  if (!parent) throw new LocalFileError(`Output folder not found: ${folder}`, `Create it first (mkdir -p ${folder}), or pass another --output <file>.`);
  if (!parent.isDirectory()) throw new LocalFileError(`Cannot write ${output}: ${folder} is a file, not a folder.`, 'Pass another --output <file>.');
  const info = await stat(output).catch(() => undefined);
  if (info && !info.isFile()) throw new LocalFileError(`${output} is a folder, not a file.`, 'Pass a file path with --output <file>, e.g. vectors.jsonl.');
}

/**
 * `dashscope-kit embed --input big.jsonl --output vectors.jsonl`: the resumable bulk job
 * (`runBulkEmbedJob`), paced by a rate limiter, with a progress bar (lines, rate, ETA, tokens, cost) on
 * stderr and a final summary on stderr (`--json`: the {@link BulkEmbedReport} plus `offline` on stdout).
 * `--dry-run` prints the {@link BulkEmbedCostEstimate} (plus `offline`) on stdout and sends nothing.
 * Offline (built-in emulator) costs are labelled as estimates for DashScope: nothing is charged. Ctrl-C keeps every finished line; run again to resume.
 * `--via batch` runs `runBatchEmbedJob` instead (Batch API, 50 % of the price; same output format; resumable
 * through `<output>.batch-journal`); its `--dry-run` prints the batch price beside the synchronous one
 * (`batchCost` and `batches` in `--json`). `--concurrency`, `--rpm`, `--tpm` and `--text-type` do not apply to it.
 *
 * Everything local is checked before the client is made or a line is embedded: the input exists, is a
 * file and is UTF-8 text (the first binary or non-UTF-8 line is named), the output's folder exists.
 *
 * @throws UsageError without `--output` (unless `--dry-run`) or for binary/non-UTF-8 input (exit 2);
 *   LocalFileError for a missing or unreadable input, or an output whose folder is missing (exit 7);
 *   BulkLinesFailedError when the job finished but some lines failed (exit 8); InterruptedError on
 *   Ctrl-C; SDK errors as they come.
 */
export async function runBulkEmbed(context: CliContext, options: BulkEmbedOptions): Promise<void> {
  const { io } = context;
  const input = context.resolvePath(options.input);
  if (!options.dryRun && !options.output) throw new UsageError('--input needs --output <file> (the JSONL output is also the checkpoint).', 'Add --output vectors.jsonl, or --dry-run to price the file.');
  await checkInput(input);
  if (!options.dryRun && options.output) await checkOutput(context.resolvePath(options.output));
  const client = await context.client();
  const offline = context.offline;
  if (options.dryRun) {
    const estimate = await estimateBulkEmbedCost({ input, model: options.model, region: client.region });
    const batch = options.via === 'batch' ? { batchCost: batchPrice(estimate.cost), batches: Math.ceil(estimate.texts / 50_000) } : {};
    if (options.json) writeJson(io.stdout, { ...estimate, ...batch, offline });
    else {
      const requests = batch.batchCost ? `${estimate.texts} batch requests in ${batch.batches} batch files` : `${estimate.requests} requests`;
      const cost = batch.batchCost ? `batch cost ${formatCost(batch.batchCost, offline)} (synchronous: ${formatCost(estimate.cost, offline)})` : `cost ${formatCost(estimate.cost, offline)}`;
      io.stdout.write(
        `${estimate.lines} lines, ${estimate.texts} texts (${estimate.skipped} would be skipped: ${estimate.empty} empty, ${estimate.invalid} invalid, ${estimate.tooLong} too long), ${estimate.tokens} tokens, ` +
          `${requests}, ${cost} in ${client.region}\n`,
      );
    }
    return;
  }
  if (!options.output) throw new UsageError('--input needs --output <file> (the JSONL output is also the checkpoint).', 'Add --output vectors.jsonl, or --dry-run to price the file.');
  if (options.via === 'batch') return runViaBatch(context, { ...options, output: options.output }, client, input);
  const limiter = createCliRateLimiter(options.model, { rpm: options.rpm, tpm: options.tpm });
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
      ...cliEmbedParams(options, io.signal),
      limiter,
      onProgress: (progress) => {
        const payload = { rate: progress.linesPerSecond.toFixed(0), tokens: progress.stats.tokens, cost: formatCost(progress.cost, offline) };
        if (!bar) return;
        if (bar.getTotal() !== progress.linesTotal) bar.start(progress.linesTotal, progress.linesDone, payload);
        bar.update(progress.linesDone, payload);
      },
    });
  } catch (error) {
    if (error instanceof InputValidationError && /other parameters|not a line of this job|not this input's output|dimension vectors/.test(error.message)) {
      throw new UsageError(error.message, `Pass another --output file, or repeat the options it was made with; nothing was sent.`);
    }
    if (error instanceof APIUserAbortError) {
      throw new InterruptedError('Interrupted: every line written so far is kept.', 'Run the same command again to resume where it stopped.');
    }
    throw error;
  } finally {
    bar?.stop();
  }
  const outputName = options.output;
  const failed = (): BulkLinesFailedError => BulkLinesFailedError.of(report.failures.length, report.lines, outputName);
  if (options.json) {
    writeJson(io.stdout, { ...report, failures: report.failures, offline });
    if (report.failures.length > 0) throw failed();
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
  if (report.failures.length > 0) throw failed();
}

/** `--via batch`: {@link runBatchEmbedJob} with a progress bar of lines written and batch requests done. */
async function runViaBatch(context: CliContext, options: BulkEmbedOptions & { output: string }, client: Awaited<ReturnType<CliContext['client']>>, input: string): Promise<void> {
  const { io } = context;
  if (options.instruct !== undefined) throw new UsageError('--instruct is not sent by --via batch (the Batch API takes OpenAI-compatible embedding requests).', 'Drop --instruct, or drop --via batch.');
  const offline = context.offline;
  const bar =
    io.stderr.isTTY === true
      ? new cliProgress.SingleBar(
          { stream: io.stderr, format: 'batch [{bar}] {value}/{total} lines | {partsDone}/{parts} batches done | {completed}/{requests} requests', hideCursor: true, fps: 5 },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  let report: Awaited<ReturnType<typeof runBatchEmbedJob>>;
  try {
    report = await runBatchEmbedJob({
      client,
      input,
      output: context.resolvePath(options.output),
      model: options.model,
      signal: io.signal,
      ...(options.dimension !== undefined ? { dimension: options.dimension } : {}),
      onProgress: (progress) => {
        const payload = { parts: progress.parts, partsDone: progress.partsDone, completed: progress.requests.completed, requests: progress.requests.total };
        if (!bar) return;
        if (bar.getTotal() !== progress.linesTotal) bar.start(progress.linesTotal, progress.linesDone, payload);
        bar.update(progress.linesDone, payload);
      },
    });
  } catch (error) {
    if (error instanceof InputValidationError && /other parameters|not a line of this job|not this job's output/.test(error.message)) {
      throw new UsageError(error.message, 'Pass another --output file, or repeat the options it was made with; nothing was sent.');
    }
    if (error instanceof APIUserAbortError) {
      throw new InterruptedError('Interrupted: uploaded files, running batches and written lines are kept in the journal.', 'Run the same command again to resume: nothing is uploaded or paid twice.');
    }
    throw error;
  } finally {
    bar?.stop();
  }
  const failed = (): BulkLinesFailedError => BulkLinesFailedError.of(report.failures.length, report.lines, options.output);
  if (options.json) {
    writeJson(io.stdout, { ...report, offline });
    if (report.failures.length > 0) throw failed();
    return;
  }
  io.stderr.write(
    `embedded ${report.lines - report.resumedFrom} lines via ${report.batches} batches (${report.resumedFrom} resumed, ${report.failures.length} failed) → ${options.output}; ` +
      `${report.uploaded} files uploaded, ${report.created} batches created this run, ${report.tokens} tokens, ${(report.wallMs / 1000).toFixed(1)} s, ` +
      `batch cost ${formatCost(report.cost, offline)} (synchronous: ${formatCost(report.syncCost, offline)})\n`,
  );
  for (const failure of report.failures.slice(0, 20)) io.stderr.write(`  line ${failure.line}: ${failure.reason}: ${failure.message}\n`);
  if (report.failures.length > 20) io.stderr.write(`  … ${report.failures.length - 20} more failures in the report (--json)\n`);
  if (report.failures.length > 0) throw failed();
}
