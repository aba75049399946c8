import { closeSync, createReadStream, existsSync, ftruncateSync, openSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { InputValidationError } from '../../core/errors.js';
import { bulkLinePrefix, isBulkFailureLine, parseBulkOutputLine } from './bulk-output-line.js';
import type { EmbedFailureReason } from '../resolve-embed-settings.js';
import type { PipelineInput } from '../run-embed-pipeline.js';

/** A failure recorded in the output file: 1-based input line, reason and message. */
export interface BulkFailureRecord {
  line: number;
  reason: EmbedFailureReason;
  message: string;
}

/** Journal bytes above which it is rewritten with only the entries still waiting for their turn. */
const COMPACT_BYTES = 16 * 1024 * 1024;
function writeAll(fd: number, text: string): number {
  const bytes = Buffer.from(text, 'utf8');
  let written = 0;
  while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
  return bytes.length;
}

/**
 * Reads an existing output file: counts its complete lines (a last line without a newline is torn),
 * checks that line k describes input line k, collects recorded failures and the dense dimension of its
 * first vector.
 * @throws InputValidationError when a line does not start with `{"line":k,` (not this job's output).
 */
async function scanOutput(path: string): Promise<{ lines: number; validBytes: number; failures: BulkFailureRecord[]; dimension: number | undefined }> {
  const size = statSync(path).size;
  let lines = 0;
  let validBytes = 0;
  let dimension: number | undefined;
  const failures: BulkFailureRecord[] = [];
  const reader = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  for await (const text of reader) {
    const end = validBytes + Buffer.byteLength(text, 'utf8') + 1;
    if (end > size) break;
    const line = lines + 1;
    if (!text.startsWith(bulkLinePrefix(line))) {
      throw new InputValidationError(`Output line ${line} is not a line of this job's output (expected it to start with ${bulkLinePrefix(line)}).`, 'output');
    }
    if (isBulkFailureLine(text, line)) {
      const parsed = parseBulkOutputLine(text);
      failures.push({ line, reason: parsed?.reason ?? 'error', message: parsed?.message ?? '' });
    } else if (dimension === undefined) {
      const parsed = parseBulkOutputLine(text);
      if (parsed && 'known' in parsed.input) dimension = parsed.input.known.embedding?.length;
    }
    lines = line;
    validBytes = end;
  }
  return { lines, validBytes, failures, dimension };
}

/** Names the parameters in which two job headers differ: `model text-embedding-v3 (this job: text-embedding-v4)`. */
function describeDifference(recorded: string, wanted: string): string {
  let before: Record<string, unknown>;
  let after: Record<string, unknown>;
  try {
    before = JSON.parse(recorded) as Record<string, unknown>;
    after = JSON.parse(wanted) as Record<string, unknown>;
  } catch {
    return recorded;
  }
  const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].filter((key) => JSON.stringify(before[key]) !== JSON.stringify(after[key]));
  return keys.map((key) => `${key} ${JSON.stringify(before[key] ?? null)} (this job: ${JSON.stringify(after[key] ?? null)})`).join(', ') || recorded;
}

/**
 * The output file of a bulk embedding job, which is also its checkpoint, plus a journal of results that
 * finished out of order (`<output>.checkpoint`).
 *
 * - Output: lines are appended in input order with synchronous writes, so once `write` returns they are
 *   in the operating system's hands and survive a SIGKILL of the process (not a power loss: no fsync).
 *   Output line k describes input line k, so on restart the number of complete lines is the number of
 *   input lines to skip; a torn last line is cut off.
 * - Journal: a header line with the job's parameters, then lines of results that finished while an
 *   earlier line was still in flight. On restart those are delivered again without a request, so a kill
 *   loses only the requests in flight (at most one batch per worker). It is rewritten with only the
 *   entries still waiting when it passes 16 MiB, and deleted when the job completes.
 * - Manifest (`<output>.job`): written when the job completes, the same header line; a finished output
 *   is refused to a job with other parameters (model, dimension, text type…) just like an unfinished one.
 */
export class BulkOutput {
  /** Complete lines already in the output when it was opened (input lines to skip). */
  readonly resumedFrom: number;
  /** Failures already recorded in the output. */
  readonly failures: BulkFailureRecord[];
  /** Results recovered from the journal, by 1-based line number (all after `resumedFrom`). */
  readonly recovered: Map<number, PipelineInput>;
  readonly #journalPath: string;
  readonly #manifestPath: string;
  readonly #header: string;
  readonly #waiting = new Map<number, string>();
  #outputFd: number;
  #journalFd: number;
  #journalBytes = 0;
  #waitingBytes = 0;

  private constructor(init: { outputFd: number; journalFd: number; journalPath: string; manifestPath: string; header: string; resumedFrom: number; failures: BulkFailureRecord[]; recovered: Map<number, PipelineInput> }) {
    this.#outputFd = init.outputFd;
    this.#journalFd = init.journalFd;
    this.#journalPath = init.journalPath;
    this.#manifestPath = init.manifestPath;
    this.#header = init.header;
    this.resumedFrom = init.resumedFrom;
    this.failures = init.failures;
    this.recovered = init.recovered;
  }

  /**
   * Opens (or creates) the output at `path`, cuts a torn last line, and loads the journal.
   * @param header the job's parameters; a journal written with other parameters is refused.
   * @param dimension the dense dimension the job produces, checked against the output's first vector.
   * @throws InputValidationError when the output is not this job's output, or was written with other parameters.
   */
  static async open(path: string, header: Record<string, unknown>, dimension: number | undefined): Promise<BulkOutput> {
    const headerText = JSON.stringify({ dashscope_kit_bulk_embed: 1, ...header });
    const journalPath = `${path}.checkpoint`;
    const manifestPath = `${path}.job`;
    const scan = existsSync(path) ? await scanOutput(path) : { lines: 0, validBytes: 0, failures: [], dimension: undefined };
    if (existsSync(manifestPath)) {
      const recorded = readFileSync(manifestPath, 'utf8').split('\n')[0] ?? '';
      if (scan.lines > 0 && recorded !== headerText) {
        throw new InputValidationError(`${path} was finished by a job with other parameters: ${describeDifference(recorded, headerText)}. Use another output file.`, 'output');
      }
      rmSync(manifestPath, { force: true });
    }
    if (scan.dimension !== undefined && dimension !== undefined && scan.dimension !== dimension) {
      throw new InputValidationError(`${path} holds ${scan.dimension}-dimension vectors; this job asks for ${dimension}. Use another output file.`, 'output');
    }
    const recovered = new Map<number, PipelineInput>();
    const kept: string[] = [];
    if (existsSync(journalPath)) {
      const [first, ...entries] = readFileSync(journalPath, 'utf8').split('\n');
      if (first !== headerText) {
        throw new InputValidationError(`${journalPath} was written by a job with other parameters: ${describeDifference(first ?? '', headerText)}; finish it with those or use another output file.`, 'output');
      }
      for (const entry of entries) {
        const parsed = parseBulkOutputLine(entry);
        if (!parsed || parsed.line <= scan.lines || recovered.has(parsed.line)) continue;
        recovered.set(parsed.line, parsed.input);
        kept.push(entry);
      }
    }
    const outputFd = openSync(path, existsSync(path) ? 'r+' : 'w+');
    ftruncateSync(outputFd, scan.validBytes);
    closeSync(outputFd);
    const temporary = `${journalPath}.tmp`;
    const fd = openSync(temporary, 'w');
    const journalBytes = writeAll(fd, `${headerText}\n${kept.map((entry) => `${entry}\n`).join('')}`);
    closeSync(fd);
    renameSync(temporary, journalPath);
    const output = new BulkOutput({
      outputFd: openSync(path, 'a'),
      journalFd: openSync(journalPath, 'a'),
      journalPath,
      manifestPath,
      header: headerText,
      resumedFrom: scan.lines,
      failures: scan.failures,
      recovered,
    });
    output.#journalBytes = journalBytes;
    return output;
  }

  /** Appends lines (already formatted, in input order) to the output. */
  write(text: string): void {
    writeAll(this.#outputFd, text);
  }

  /** Records a finished line that must wait for earlier lines, so a restart does not pay for it again. */
  journal(line: number, text: string): void {
    this.#journalBytes += writeAll(this.#journalFd, text);
    this.#waiting.set(line, text);
    this.#waitingBytes += text.length;
    if (this.#journalBytes > COMPACT_BYTES && this.#journalBytes > 4 * this.#waitingBytes) this.#compact();
  }

  /** Marks a journaled line as written to the output. */
  delivered(line: number): void {
    const text = this.#waiting.get(line);
    if (text === undefined) return;
    this.#waiting.delete(line);
    this.#waitingBytes -= text.length;
  }

  /** Closes the files, records the job's parameters in the manifest and deletes the journal: the output is complete. */
  finish(): void {
    this.close();
    const fd = openSync(this.#manifestPath, 'w');
    writeAll(fd, `${this.#header}\n`);
    closeSync(fd);
    rmSync(this.#journalPath, { force: true });
  }

  /** Closes the files and keeps the journal for a later resume. Idempotent. */
  close(): void {
    if (this.#outputFd >= 0) closeSync(this.#outputFd);
    if (this.#journalFd >= 0) closeSync(this.#journalFd);
    this.#outputFd = -1;
    this.#journalFd = -1;
  }

  #compact(): void {
    const temporary = `${this.#journalPath}.tmp`;
    const fd = openSync(temporary, 'w');
    this.#journalBytes = writeAll(fd, `${this.#header}\n${[...this.#waiting.values()].join('')}`);
    closeSync(fd);
    renameSync(temporary, this.#journalPath);
    closeSync(this.#journalFd);
    this.#journalFd = openSync(this.#journalPath, 'a');
  }
}
