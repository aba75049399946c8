import { existsSync, realpathSync, statSync } from 'node:fs';
import type { DashScope } from '../../client.js';
import { InputValidationError } from '../../core/errors.js';
import { isRetryableError } from '../../core/retry.js';
import type { Region } from '../../models/regions.js';
import { BulkOutput, type BulkFailureRecord } from './bulk-output.js';
import { formatBulkOutputLine, type BulkLineId } from './bulk-output-line.js';
import { estimateCost, type CostEstimate } from '../estimate-cost.js';
import { countLines, parseBulkInputLine, readLines, type BulkInputFormat } from './read-bulk-input.js';
import { resolveEmbedSettings, type EmbedFailure, type EmbedOutcome, type EmbedParams, type EmbedStats } from '../resolve-embed-settings.js';
import { BulkEmbedInterruptedError } from './bulk-embed-interrupted-error.js';
import { runEmbedPipeline, type PipelineInput } from '../run-embed-pipeline.js';

/**
 * Options of {@link runBulkEmbedJob}: files, input format, progress, plus the embedding parameters and
 * bulk controls of `embedMany` (model, dimension, text_type, instruct, output_type, concurrency,
 * limiter, cache, retryBudget, signal, …). Unattended jobs default to skipping (and reporting) empty and
 * over-long texts instead of stopping.
 */
export interface BulkEmbedJobOptions extends Omit<EmbedParams, 'onBatch' | 'onProgress' | 'onEmpty' | 'onTooLong'> {
  client: DashScope;
  /** Input file: JSON Lines (`.jsonl`, `.ndjson`) or plain text, one item per line, UTF-8. */
  input: string;
  /** Output JSON Lines file; also the checkpoint. An existing output of the same job is resumed. */
  output: string;
  /** Input format. Default: `jsonl` for `.jsonl` / `.ndjson` files, `text` otherwise. */
  format?: 'jsonl' | 'text' | undefined;
  /** JSONL field with the text. Default `text`. */
  textField?: string | undefined;
  /** JSONL field copied to the output as `id`. Default `id`. */
  idField?: string | undefined;
  /** Empty lines: `skip` (default; a failure line with reason `empty`) or `error` (stop the job). */
  onEmpty?: 'skip' | 'error' | undefined;
  /** Texts over the per-text token limit: `skip` (default; reason `too_long`), `truncate`, or `error` (stop the job). */
  onTooLong?: 'skip' | 'truncate' | 'error' | undefined;
  /** Region whose prices the cost uses. Default: the client's region. */
  region?: Region | (string & {}) | undefined;
  /** Lines read ahead of the oldest unwritten line (memory bound). Default max(4096, 8 × concurrency × rows per request). */
  window?: number | undefined;
  /** How often `onProgress` is called, ms. Default 1000. */
  progressIntervalMs?: number | undefined;
  /** Progress for a bar: lines, rate, ETA, tokens and cost. Also called once at the end. */
  onProgress?: ((progress: BulkEmbedProgress) => void) | undefined;
}

/** A progress snapshot of {@link runBulkEmbedJob}. Counters other than `linesDone` are for this run. */
export interface BulkEmbedProgress {
  /** Lines in the output (earlier runs included). */
  linesDone: number;
  /** Lines in the input. */
  linesTotal: number;
  /** Lines already in the output when this run started. */
  resumedFrom: number;
  /** Lines written per second in this run. */
  linesPerSecond: number;
  /** Estimated time to finish at the current rate, ms (`undefined` before the first line). */
  etaMs: number | undefined;
  /** Embedding counters of this run (tokens are those DashScope reported). */
  stats: EmbedStats;
  /** Cost of this run's tokens in the chosen region. */
  cost: CostEstimate;
}

/** Final report of {@link runBulkEmbedJob}. */
export interface BulkEmbedReport {
  input: string;
  output: string;
  /** Lines in the output, which equals the lines in the input once the job is complete. */
  lines: number;
  /** Lines already in the output when this run started (0 for a fresh run). */
  resumedFrom: number;
  /** Counters of this run: items embedded / failed / served from cache, tokens, requests, retries, throttles, wall time. */
  stats: EmbedStats;
  /** Cost of this run's tokens in the chosen region (`priced: false` when the catalog has no price). */
  cost: CostEstimate;
  /** Every line without a vector (earlier runs included), with its 1-based line number, reason and message. */
  failures: BulkFailureRecord[];
}

/** A line that failed with an error a later attempt would likely not get (see {@link BulkEmbedInterruptedError}). */
function transientFailure(outcome: EmbedOutcome): EmbedFailure | undefined {
  if (!('failure' in outcome) || outcome.failure.reason !== 'error' || !isRetryableError(outcome.failure.error)) return undefined;
  return outcome.failure;
}

function inputFormat(options: BulkEmbedJobOptions): BulkInputFormat {
  const format = options.format ?? (/\.(jsonl|ndjson)$/i.test(options.input) ? 'jsonl' : 'text');
  if (format !== 'jsonl' && format !== 'text') throw new InputValidationError(`format must be jsonl or text (got ${String(format)}).`, 'format');
  return { format, textField: options.textField ?? 'text', idField: options.idField ?? 'id' };
}

/**
 * Embeds every line of a file into a JSON Lines file, in input order, resumable after any interruption
 * (Node only). Built on the `embedMany` pipeline: batches by the model's caps, bounded concurrency, bulk
 * retries on a `RetryBudget`, optional `limiter` and `cache`.
 *
 * Output: line k describes input line k — `{"line":k,"id":…,"embedding":[…]}`, or
 * `{"line":k,"error":{"reason":"empty"|"too_long"|"invalid"|"error","message":…},"id":…}` for a line
 * without a vector (see `formatBulkOutputLine`). Memory stays bounded whatever the file size: input is
 * streamed, and at most `window` lines are held between reading and writing.
 *
 * Checkpoint: the output is the checkpoint. Started again after a crash or SIGKILL with the same options,
 * the job counts the output's complete lines, cuts a torn last line, skips that many input lines, and
 * re-delivers results that had finished out of order from `<output>.checkpoint` (deleted on completion),
 * so no line is lost or written twice and at most the batches in flight (one per worker) are paid again.
 * A finished output is left as it is; its parameters are kept in `<output>.job`, so a later run with
 * another model, dimension, text type, instruct, output type or format is refused like an unfinished one.
 * Limits: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 *
 * @example
 * const report = await runBulkEmbedJob({ client, input: 'big.jsonl', output: 'vectors.jsonl', model: 'text-embedding-v4', dimension: 512, limiter });
 * console.log(report.stats.embedded, report.failures.length, report.cost);
 *
 * Failures: a line that cannot be embedded for a reason that would not change on a retry (empty, over the
 * limit under `skip`, unreadable, refused with a 400 such as content inspection) gets a failure line; a line
 * that still fails with a transient error (throttle, 5xx, timeout) after its retries stops the job with
 * {@link BulkEmbedInterruptedError} instead, so that running it again retries the line rather than
 * recording it as failed.
 *
 * @throws InputValidationError before any request: bad parameters, a missing input file, input and output
 *   being the same file, an output that is not this job's (or holds another dimension), a checkpoint or a
 *   finished output of a job with other parameters, or an output longer than the input; during the run, an empty or over-long
 *   text under the `error` policies. APIUserAbortError when `signal` aborts (finished lines are kept; run
 *   again to resume). BulkEmbedInterruptedError (see above). AuthenticationError, PermissionDeniedError,
 *   NotFoundError, ArrearsError, QuotaExhaustedError at the first request that gets one. File-system
 *   errors as Node reports them.
 */
export async function runBulkEmbedJob(options: BulkEmbedJobOptions): Promise<BulkEmbedReport> {
  const { client } = options;
  if (!client || typeof client.embeddings?.create !== 'function') throw new InputValidationError('client must be a DashScope client.', 'client');
  if (typeof options.input !== 'string' || options.input === '') throw new InputValidationError('input must be a file path.', 'input');
  if (typeof options.output !== 'string' || options.output === '') throw new InputValidationError('output must be a file path.', 'output');
  const embedParams: EmbedParams = { ...options, onEmpty: options.onEmpty ?? 'skip', onTooLong: options.onTooLong ?? 'skip', onProgress: undefined };
  const settings = resolveEmbedSettings(embedParams, client.protocol, client.region);
  const format = inputFormat(options);
  if (!existsSync(options.input) || !statSync(options.input).isFile()) throw new InputValidationError(`Input file ${options.input} does not exist.`, 'input');
  if (existsSync(options.output) && realpathSync(options.output) === realpathSync(options.input)) {
    throw new InputValidationError('input and output must be different files.', 'output');
  }
  const region = options.region ?? client.region;
  const interval = options.progressIntervalMs ?? 1_000;
  if (!(interval > 0)) throw new InputValidationError(`progressIntervalMs must be > 0 (got ${interval}).`, 'progressIntervalMs');
  const window = options.window ?? Math.max(4_096, 8 * settings.concurrency * settings.maxBatchSize);
  estimateCost({ model: settings.model, region, input_tokens: 0 });

  const linesTotal = await countLines(options.input);
  const header = {
    model: settings.model,
    dimension: settings.dimension ?? null,
    text_type: settings.text_type ?? null,
    output_type: settings.output_type ?? null,
    instruct: settings.instruct ?? null,
    format: format.format,
    text_field: format.format === 'jsonl' ? format.textField : null,
  };
  const output = await BulkOutput.open(options.output, header, settings.output_type === 'sparse' ? undefined : settings.dimension);
  const { resumedFrom } = output;
  if (resumedFrom > linesTotal) {
    output.close();
    throw new InputValidationError(`${options.output} has ${resumedFrom} lines but ${options.input} only ${linesTotal}: not this input's output.`, 'output');
  }

  const failures: BulkFailureRecord[] = [...output.failures];
  const ids = new Map<number, BulkLineId>();
  const started = performance.now();
  let written = 0;
  let stats: EmbedStats = { embedded: 0, failed: 0, cached: 0, truncated: 0, tokens: 0, requests: 0, retries: 0, throttles: 0, elapsedMs: 0 };
  const snapshot = (): BulkEmbedProgress => {
    const elapsedMs = performance.now() - started;
    const linesPerSecond = elapsedMs > 0 ? written / (elapsedMs / 1000) : 0;
    const linesDone = resumedFrom + written;
    return {
      linesDone,
      linesTotal,
      resumedFrom,
      linesPerSecond,
      etaMs: linesPerSecond > 0 ? ((linesTotal - linesDone) / linesPerSecond) * 1000 : undefined,
      stats: { ...stats, elapsedMs },
      cost: estimateCost({ model: settings.model, region, input_tokens: stats.tokens }),
    };
  };

  async function* source(): AsyncGenerator<PipelineInput, void, undefined> {
    let line = 0;
    for await (const text of readLines(options.input)) {
      line++;
      if (line <= resumedFrom) continue;
      const parsed = parseBulkInputLine(text, format);
      if (parsed.id !== undefined) ids.set(line, parsed.id);
      yield output.recovered.get(line) ?? parsed.input;
    }
  }

  const timer = options.onProgress ? setInterval(() => options.onProgress?.(snapshot()), interval) : undefined;
  timer?.unref?.();
  try {
    stats = await runEmbedPipeline(
      client,
      {
        ...embedParams,
        onProgress: (latest) => (stats = latest),
        onBatch: (batch) => {
          for (const outcome of batch.outcomes) {
            if (outcome.text_index < written) continue;
            const line = resumedFrom + outcome.text_index + 1;
            const transient = transientFailure(outcome);
            if (transient) throw new BulkEmbedInterruptedError(line, transient.error);
            output.journal(line, formatBulkOutputLine(line, ids.get(line), outcome));
          }
        },
      },
      source(),
      {
        window,
        ordered: (outcomes) => {
          let text = '';
          for (const outcome of outcomes) {
            const line = resumedFrom + outcome.text_index + 1;
            const transient = transientFailure(outcome);
            if (transient) {
              output.write(text);
              written = outcome.text_index;
              throw new BulkEmbedInterruptedError(line, transient.error);
            }
            text += formatBulkOutputLine(line, ids.get(line), outcome);
            ids.delete(line);
            output.delivered(line);
            if ('failure' in outcome) failures.push({ line, reason: outcome.failure.reason, message: outcome.failure.message });
          }
          output.write(text);
          written += outcomes.length;
        },
      },
    );
  } catch (error) {
    output.close();
    throw error;
  } finally {
    if (timer) clearInterval(timer);
  }
  output.finish();
  const final = snapshot();
  options.onProgress?.(final);
  return {
    input: options.input,
    output: options.output,
    lines: final.linesDone,
    resumedFrom,
    stats: final.stats,
    cost: final.cost,
    failures,
  };
}
