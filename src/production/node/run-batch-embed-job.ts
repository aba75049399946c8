import { closeSync, existsSync, mkdirSync, openSync, readSync, realpathSync, rmSync, statSync } from 'node:fs';
import type { DashScope } from '../../client.js';
import { sleep } from '../../core/abort.js';
import { InputValidationError } from '../../core/errors.js';
import type { Region } from '../../models/regions.js';
import { BatchFailedError } from '../../resources/batches/batch-failed-error.js';
import { BATCH_INPUT_LIMITS } from '../../resources/batches/build-batch-input.js';
import { TERMINAL_BATCH_STATUSES } from '../../resources/batches/batch-types.js';
import type { Batch } from '../../wire/batches.js';
import { batchPrice } from '../batch-price.js';
import { estimateCost, type CostEstimate } from '../estimate-cost.js';
import { resolveEmbedSettings } from '../resolve-embed-settings.js';
import { BulkEmbedInterruptedError } from './bulk-embed-interrupted-error.js';
import { BatchEmbedJournal, type BatchAttemptState, type BatchPartState } from './batch-embed-journal.js';
import { BatchOutputFile } from './batch-output-file.js';
import { createAttempt, deleteAttemptFiles, downloadAttempt, prepareRetry, uploadAttempt, type PartStepContext } from './batch-part-steps.js';
import type { BulkFailureRecord } from './bulk-output.js';
import { isBulkFailureLine, parseBulkOutputLine, type BulkLineId } from './bulk-output-line.js';
import { partFiles, planBatchParts } from './plan-batch-parts.js';
import { parseBulkInputLine, readLines, type BulkInputFormat } from './read-bulk-input.js';

/** Options of {@link runBatchEmbedJob}. */
export interface BatchEmbedJobOptions {
  client: DashScope;
  /** Input file: JSON Lines (`.jsonl`, `.ndjson`) or plain text, one item per line, UTF-8. */
  input: string;
  /** Output JSON Lines file, in the synchronous job's format; with `<output>.batch-journal`, the checkpoint. */
  output: string;
  /** An embedding model the Batch API serves (e.g. `text-embedding-v4`, Beijing). */
  model: string;
  /** Vector dimension. Default: the model's default. */
  dimension?: number | undefined;
  format?: 'jsonl' | 'text' | undefined;
  /** JSONL field with the text. Default `text`. */
  textField?: string | undefined;
  /** JSONL field copied to the output as `id`. Default `id`. */
  idField?: string | undefined;
  /** Region whose prices the cost uses. Default: the client's region. */
  region?: Region | (string & {}) | undefined;
  /** Requests per batch input file, ≤ 50,000 (the Batch API cap). Default 50,000. */
  linesPerBatch?: number | undefined;
  /** Batches submitted and not yet downloaded at a time. Default 20. */
  maxActiveBatches?: number | undefined;
  /** Batch `completion_window`. Default `24h`. */
  completionWindow?: string | undefined;
  /** Submissions of a line (first one included) before the job gives up on lines that keep not running. Default 4. */
  maxAttempts?: number | undefined;
  /** First pause between polling rounds, ms (doubles while nothing changes). Default 1,000. */
  pollIntervalMs?: number | undefined;
  /** Longest pause between polling rounds, ms. Default 30,000. */
  maxPollIntervalMs?: number | undefined;
  /** Stops the job (APIUserAbortError); batches keep running on DashScope and the next run picks them up. */
  signal?: AbortSignal | undefined;
  onProgress?: ((progress: BatchEmbedProgress) => void) | undefined;
}

/** A progress snapshot of {@link runBatchEmbedJob}. */
export interface BatchEmbedProgress {
  /** Lines in the output (earlier runs included). */
  linesDone: number;
  /** Lines planned so far (the whole input once planning ended). */
  linesTotal: number;
  resumedFrom: number;
  /** Parts (batch input files) of the job, and how many are downloaded. */
  parts: number;
  partsDone: number;
  /** Batches running now, and their `request_counts` summed at the last poll. */
  running: number;
  requests: { total: number; completed: number; failed: number };
}

/** Final report of {@link runBatchEmbedJob}. */
export interface BatchEmbedReport {
  input: string;
  output: string;
  lines: number;
  resumedFrom: number;
  /** Batch input files of the job (retries of failed lines included). */
  batches: number;
  /** Of this run: files uploaded, batches created, result sets downloaded. */
  uploaded: number;
  created: number;
  downloaded: number;
  /** Input tokens DashScope reported for this run's downloaded lines. */
  tokens: number;
  /** What those tokens cost on the Batch API (50 %), and synchronously. */
  cost: CostEstimate;
  syncCost: CostEstimate;
  /** Lines without a vector (earlier runs included). */
  failures: BulkFailureRecord[];
  wallMs: number;
}

function inputFormat(options: BatchEmbedJobOptions): BulkInputFormat {
  const format = options.format ?? (/\.(jsonl|ndjson)$/i.test(options.input) ? 'jsonl' : 'text');
  if (format !== 'jsonl' && format !== 'text') throw new InputValidationError(`format must be jsonl or text (got ${String(format)}).`, 'format');
  return { format, textField: options.textField ?? 'text', idField: options.idField ?? 'id' };
}

function positive(value: number | undefined, name: string, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  const chosen = value ?? fallback;
  if (!Number.isInteger(chosen) || chosen < 1 || chosen > max) throw new InputValidationError(`${name} must be an integer from 1 to ${max} (got ${String(value)}).`, name, { value, limit: max });
  return chosen;
}

function latest(part: BatchPartState): BatchAttemptState {
  return part.attempts.at(-1) as BatchAttemptState;
}

/** A part is done once its last attempt left nothing missing (or it had nothing to send). */
function partDone(part: BatchPartState): boolean {
  const attempt = latest(part);
  return attempt.sent === 0 || (attempt.downloaded !== undefined && attempt.downloaded.missing === 0);
}

/** The output line with the input's id put where `formatBulkOutputLine` puts it. */
function withId(text: string, line: number, id: BulkLineId): string {
  if (id === undefined) return text;
  const json = JSON.stringify(id);
  if (isBulkFailureLine(text, line)) return `${text.slice(0, -2)},"id":${json}}\n`;
  const prefix = `{"line":${line},`;
  return `${prefix}"id":${json},${text.slice(prefix.length)}`;
}

/** Reads the ids of input lines in increasing order (one pass over the input). */
class IdCursor {
  readonly #lines: AsyncGenerator<string, void, undefined>;
  readonly #format: BulkInputFormat;
  #at = 0;

  constructor(input: string, format: BulkInputFormat) {
    this.#lines = readLines(input);
    this.#format = format;
  }

  async idOf(line: number): Promise<BulkLineId> {
    if (this.#format.format === 'text') return undefined;
    let text: string | undefined;
    while (this.#at < line) {
      const next = await this.#lines.next();
      if (next.done) return undefined;
      this.#at++;
      text = next.value;
    }
    return text === undefined ? undefined : parseBulkInputLine(text, this.#format).id;
  }

  async close(): Promise<void> {
    await this.#lines.return(undefined);
  }
}

/** Byte ranges of a part's result lines, by input line (a later line for the same input line wins). */
async function indexResults(path: string): Promise<Map<number, [number, number]>> {
  const index = new Map<number, [number, number]>();
  let offset = 0;
  for await (const text of readLines(path)) {
    const length = Buffer.byteLength(text, 'utf8');
    const line = /^\{"line":(\d+),/.exec(text)?.[1];
    if (line !== undefined) index.set(Number(line), [offset, length]);
    offset += length + 1;
  }
  return index;
}

/** Appends a downloaded part's lines to the output in input order, from positional reads of its results file. */
async function writePart(part: BatchPartState, folder: string, output: BatchOutputFile, ids: IdCursor, failures: BulkFailureRecord[]): Promise<void> {
  const path = partFiles(folder, part.k, 0).results;
  const index = await indexResults(path);
  const fd = openSync(path, 'r');
  try {
    for (let line = Math.max(part.first, output.lines + 1); line <= part.last; line++) {
      const range = index.get(line);
      if (!range) throw new Error(`dashscope-kit: line ${line} has no result in ${path} (journal and results disagree).`);
      const bytes = Buffer.alloc(range[1]);
      readSync(fd, bytes, 0, range[1], range[0]);
      const text = `${bytes.toString('utf8')}\n`;
      if (isBulkFailureLine(text, line)) {
        const parsed = parseBulkOutputLine(text.trimEnd());
        failures.push({ line, reason: parsed?.reason ?? 'error', message: parsed?.message ?? '' });
      }
      output.append(withId(text, line, await ids.idOf(line)));
    }
  } finally {
    closeSync(fd);
  }
  output.flush();
}

/**
 * Embeds every line of a file on DashScope's Batch API (`/v1/embeddings` batches, 50 % of the real-time
 * price, within `completionWindow`) into a JSON Lines file in input order, in the synchronous
 * `runBulkEmbedJob`'s format (`{"line":k,"id":…,"embedding":[…]}` or `{"line":k,"error":{…}}`). Node only.
 *
 * The input is cut into parts of `linesPerBatch` requests (one text per request, `custom_id` `L<line>`,
 * within the 50,000-line / 500 MB caps of https://docs.qwencloud.com/developer-guides/text-generation/batch);
 * each part's input file is written under `<output>.batch/`, uploaded, submitted, polled, and its output
 * and error files downloaded once into a local results file; lines that did not run (cancelled, expired,
 * 429, 5xx) are submitted again in a new file, up to `maxAttempts`; lines refused for good (4xx) get a
 * failure line. Parts are then appended to the output in input order. Memory is bounded: every file is
 * streamed and a part is indexed by byte offsets (a few bytes per line), never held whole.
 *
 * Resumable at any moment (Ctrl-C, SIGKILL): `<output>.batch-journal` records each upload's name before
 * it is sent and each file and batch id when it arrives, so a rerun with the same options finds a file or
 * batch whose answer was lost (listing files by name, batches by input file) instead of uploading or
 * paying again, downloads each finished batch once, and continues the output after its last complete line.
 * A finished job's journal is kept (its part files are deleted), so a rerun returns at once.
 *
 * @example
 * const report = await runBatchEmbedJob({ client, input: 'big.jsonl', output: 'vectors.jsonl', model: 'text-embedding-v4', dimension: 512 });
 * console.log(report.lines, report.cost, report.syncCost);
 *
 * @throws InputValidationError before any request: bad options, a missing input, input equal to output, an
 *   output without this job's journal, or a journal of a job with other parameters. BatchFailedError when
 *   a batch fails validation. BulkEmbedInterruptedError (retryable; `line` is the part's first line) when
 *   lines still did not run after `maxAttempts` submissions in this run (run again to continue). APIUserAbortError when `signal` aborts. SDK errors
 *   of the Files and Batch APIs (after their own retries); ResponseValidationError for a result line that does
 *   not fit. File-system errors as Node reports them.
 */
export async function runBatchEmbedJob(options: BatchEmbedJobOptions): Promise<BatchEmbedReport> {
  const started = performance.now();
  const { client } = options;
  if (!client || typeof client.batches?.create !== 'function') throw new InputValidationError('client must be a DashScope client.', 'client');
  if (typeof options.input !== 'string' || options.input === '') throw new InputValidationError('input must be a file path.', 'input');
  if (typeof options.output !== 'string' || options.output === '') throw new InputValidationError('output must be a file path.', 'output');
  const settings = resolveEmbedSettings({ model: options.model, dimension: options.dimension, onEmpty: 'skip', onTooLong: 'skip' }, 'compatible', client.region);
  const dimension = settings.dimension;
  if (dimension === undefined) throw new InputValidationError(`Pass a dimension for ${options.model}, which the catalog does not know.`, 'dimension');
  const format = inputFormat(options);
  const partLines = positive(options.linesPerBatch, 'linesPerBatch', BATCH_INPUT_LIMITS.maxLines, BATCH_INPUT_LIMITS.maxLines);
  const maxActive = positive(options.maxActiveBatches, 'maxActiveBatches', 20, 1_000);
  const maxAttempts = positive(options.maxAttempts, 'maxAttempts', 4, 100);
  const region = options.region ?? client.region;
  estimateCost({ model: settings.model, region, input_tokens: 0 });
  if (!existsSync(options.input) || !statSync(options.input).isFile()) throw new InputValidationError(`Input file ${options.input} does not exist.`, 'input');
  const outputExists = existsSync(options.output);
  if (outputExists && realpathSync(options.output) === realpathSync(options.input)) throw new InputValidationError('input and output must be different files.', 'output');
  const journalPath = `${options.output}.batch-journal`;
  if (outputExists && statSync(options.output).size > 0 && !existsSync(journalPath)) {
    throw new InputValidationError(`${options.output} exists without ${journalPath}: not this job's output.`, 'output');
  }
  const params = { model: settings.model, dimension, format: format.format, text_field: format.format === 'jsonl' ? format.textField : null, lines_per_batch: partLines };
  const journal = BatchEmbedJournal.open(journalPath);
  const { state } = journal;
  if (state.job && JSON.stringify(state.job.params) !== JSON.stringify(params)) {
    journal.close();
    throw new InputValidationError(`${journalPath} is a job with other parameters (${JSON.stringify(state.job.params)}).`, 'output');
  }
  if (!state.job) journal.record({ t: 'job', id: crypto.randomUUID().replaceAll('-', '').slice(0, 16), params });
  const folder = `${options.output}.batch`;
  if (!state.finished) mkdirSync(folder, { recursive: true });
  const output = await BatchOutputFile.open(options.output, outputExists);
  const resumedFrom = output.lines;
  const failures = [...output.failures];
  const counters = { uploaded: 0, created: 0, downloaded: 0, tokens: 0 };
  const context: PartStepContext = {
    client,
    journal,
    folder,
    jobId: state.job?.id as string,
    completionWindow: options.completionWindow ?? '24h',
    signal: options.signal,
    counters,
  };
  const ids = new IdCursor(options.input, format);
  const requests = { total: 0, completed: 0, failed: 0 };
  const progress = (): BatchEmbedProgress => ({
    linesDone: output.lines,
    linesTotal: state.parts.at(-1)?.last ?? 0,
    resumedFrom,
    parts: state.parts.length,
    partsDone: state.parts.filter(partDone).length,
    running: state.parts.filter((part) => latest(part).batchId && !latest(part).ended).length,
    requests: { ...requests },
  });
  try {
    if (!state.finished) {
      await planBatchParts(journal, { input: options.input, format, folder, partLines, partBytes: BATCH_INPUT_LIMITS.maxBytes, model: settings.model, dimension, maxTokensPerText: settings.maxTokensPerText, signal: options.signal });
      const firstAttempt = new Map(state.parts.map((part) => [part.k, latest(part).a]));
      let pause = options.pollIntervalMs ?? 1_000;
      const maxPause = options.maxPollIntervalMs ?? 30_000;
      for (;;) {
        let moved = false;
        for (const part of state.parts) {
          let attempt = latest(part);
          if (attempt.sent === 0) continue;
          if (attempt.downloaded && attempt.downloaded.missing > 0) {
            if (attempt.a + 1 - (firstAttempt.get(part.k) ?? 0) >= maxAttempts) throw new BulkEmbedInterruptedError(part.first, new Error(`${attempt.downloaded.missing} of lines ${part.first}–${part.last} did not run in ${maxAttempts} batches`));
            await prepareRetry(context, part, attempt);
            attempt = latest(part);
            moved = true;
          }
          if (attempt.downloaded) continue;
          const running = state.parts.filter((other) => latest(other).fileId && !latest(other).downloaded).length;
          if (!attempt.fileId) {
            if (running >= maxActive) continue;
            await uploadAttempt(context, part, attempt);
            moved = true;
          }
          if (!attempt.batchId) {
            await createAttempt(context, part, attempt);
            moved = true;
          }
        }
        requests.total = requests.completed = requests.failed = 0;
        for (const part of state.parts) {
          const attempt = latest(part);
          if (!attempt.batchId || attempt.downloaded) continue;
          if (!attempt.ended) {
            const batch: Batch = await client.batches.retrieve(attempt.batchId, { signal: options.signal });
            requests.total += batch.request_counts?.total ?? 0;
            requests.completed += batch.request_counts?.completed ?? 0;
            requests.failed += batch.request_counts?.failed ?? 0;
            if (batch.status === 'failed') throw new BatchFailedError(batch);
            if (!TERMINAL_BATCH_STATUSES.includes(batch.status)) continue;
            journal.record({ t: 'ended', k: part.k, a: attempt.a, status: batch.status, output: batch.output_file_id ?? null, error: batch.error_file_id ?? null });
          }
          await downloadAttempt(context, part, attempt);
          await deleteAttemptFiles(context, attempt);
          moved = true;
        }
        for (const part of state.parts) {
          if (part.last <= output.lines) continue;
          if (!partDone(part)) break;
          await writePart(part, folder, output, ids, failures);
          for (const attempt of part.attempts) rmSync(partFiles(folder, part.k, attempt.a).input, { force: true });
          rmSync(partFiles(folder, part.k, 0).results, { force: true });
          moved = true;
        }
        options.onProgress?.(progress());
        if (state.parts.every(partDone) && output.lines >= (state.parts.at(-1)?.last ?? 0)) break;
        if (moved) pause = options.pollIntervalMs ?? 1_000;
        else {
          await sleep(pause, options.signal);
          pause = Math.min(maxPause, Math.max(1, pause * 2));
        }
      }
      journal.record({ t: 'finished' });
      rmSync(folder, { recursive: true, force: true });
    }
  } finally {
    output.close();
    journal.close();
    await ids.close();
  }
  options.onProgress?.(progress());
  const syncCost = estimateCost({ model: settings.model, region, input_tokens: counters.tokens });
  return {
    input: options.input,
    output: options.output,
    lines: output.lines,
    resumedFrom,
    batches: state.parts.reduce((sum, part) => sum + part.attempts.filter((attempt) => attempt.sent > 0).length, 0),
    uploaded: counters.uploaded,
    created: counters.created,
    downloaded: counters.downloaded,
    tokens: counters.tokens,
    cost: batchPrice(syncCost),
    syncCost,
    failures,
    wallMs: performance.now() - started,
  };
}
