import { closeSync, fstatSync, openSync, readSync, truncateSync, writeSync } from 'node:fs';
import { InputValidationError } from '../../core/errors.js';
import type { BulkFailureRecord } from './bulk-output.js';
import { bulkLinePrefix, isBulkFailureLine, parseBulkOutputLine } from './bulk-output-line.js';
import { readLines } from './read-bulk-input.js';

const FLUSH_CHARS = 1 << 20;
const TAIL_CHUNK = 64 * 1024;

/** Bytes of `path` up to and including its last `\n` (a torn last line is what follows it). */
function completeBytes(path: string): number {
  const fd = openSync(path, 'r');
  try {
    let end = fstatSync(fd).size;
    const chunk = Buffer.alloc(TAIL_CHUNK);
    while (end > 0) {
      const start = Math.max(0, end - TAIL_CHUNK);
      const read = readSync(fd, chunk, 0, end - start, start);
      const newline = chunk.subarray(0, read).lastIndexOf(10);
      if (newline !== -1) return start + newline + 1;
      end = start;
    }
    return 0;
  } finally {
    closeSync(fd);
  }
}

/**
 * The output of the batch embedding job: the synchronous job's format (line k describes input line k),
 * appended in input order with synchronous writes, so its complete lines are its own checkpoint. Opening
 * cuts a torn last line, counts the lines and collects their failures.
 */
export class BatchOutputFile {
  /** Failure lines found when the file was opened (earlier runs). */
  readonly failures: BulkFailureRecord[];
  #lines: number;
  readonly #fd: number;
  #pending: string[] = [];
  #chars = 0;

  private constructor(fd: number, lines: number, failures: BulkFailureRecord[]) {
    this.#fd = fd;
    this.#lines = lines;
    this.failures = failures;
  }

  /** Lines written (complete), earlier runs included. */
  get lines(): number {
    return this.#lines + this.#pending.length;
  }

  /**
   * Opens `path` for appending after its complete lines.
   * @throws InputValidationError when a line does not start with `{"line":k,` (not this job's output).
   */
  static async open(path: string, exists: boolean): Promise<BatchOutputFile> {
    let lines = 0;
    const failures: BulkFailureRecord[] = [];
    if (exists) {
      truncateSync(path, completeBytes(path));
      for await (const text of readLines(path)) {
        const line = lines + 1;
        if (!text.startsWith(bulkLinePrefix(line))) throw new InputValidationError(`Output line ${line} is not a line of this job's output (expected it to start with ${bulkLinePrefix(line)}).`, 'output');
        if (isBulkFailureLine(text, line)) {
          const parsed = parseBulkOutputLine(text);
          failures.push({ line, reason: parsed?.reason ?? 'error', message: parsed?.message ?? '' });
        }
        lines = line;
      }
    }
    return new BatchOutputFile(openSync(path, 'a'), lines, failures);
  }

  /** Appends the line for input line {@link lines} + 1 (newline included). */
  append(text: string): void {
    this.#pending.push(text);
    this.#chars += text.length;
    if (this.#chars >= FLUSH_CHARS) this.flush();
  }

  /** Writes the buffered lines with one synchronous write. */
  flush(): void {
    if (this.#pending.length === 0) return;
    const bytes = Buffer.from(this.#pending.join(''), 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written, null);
    this.#lines += this.#pending.length;
    this.#pending = [];
    this.#chars = 0;
  }

  /** Flushes and closes the file. */
  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}
