import { createReadStream } from 'node:fs';
import type { BulkLineId } from './bulk-output-line.js';
import type { PipelineInput } from '../run-embed-pipeline.js';

/** How input lines are read: JSON Lines (one object or string per line) or plain text (one text per line). */
export interface BulkInputFormat {
  format: 'jsonl' | 'text';
  /** JSONL: the field holding the text. */
  textField: string;
  /** JSONL: the field copied to the output as `id` (when it is a string or a number). */
  idField: string;
}

/**
 * Yields the lines of a UTF-8 file, split on `\n` only (a trailing `\r` is removed), streaming in
 * 64 KiB chunks: memory holds one chunk and one line. A final line without a newline is yielded too;
 * a file ending with `\n` has no empty last line. `\n` never occurs inside a multi-byte UTF-8 sequence,
 * so splitting bytes is safe.
 */
export async function* readLines(path: string): AsyncGenerator<string, void, undefined> {
  let carry: Buffer | undefined;
  for await (const chunk of createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, start)) {
      const piece = chunk.subarray(start, newline);
      const bytes = carry ? Buffer.concat([carry, piece]) : piece;
      carry = undefined;
      const end = bytes.length > 0 && bytes[bytes.length - 1] === 13 ? bytes.length - 1 : bytes.length;
      yield bytes.toString('utf8', 0, end);
      start = newline + 1;
    }
    if (start < chunk.length) carry = carry ? Buffer.concat([carry, chunk.subarray(start)]) : Buffer.from(chunk.subarray(start));
  }
  if (carry && carry.length > 0) {
    const end = carry[carry.length - 1] === 13 ? carry.length - 1 : carry.length;
    yield carry.toString('utf8', 0, end);
  }
}

/** Counts the lines {@link readLines} yields, reading bytes only (no decoding). */
export async function countLines(path: string): Promise<number> {
  let lines = 0;
  let last = 10;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    for (let newline = chunk.indexOf(10); newline !== -1; newline = chunk.indexOf(10, newline + 1)) lines++;
    if (chunk.length > 0) last = chunk[chunk.length - 1]!;
  }
  return last === 10 ? lines : lines + 1;
}

/**
 * Turns one input line into a pipeline input and its id.
 * - text format: the line is the text (an empty line is an empty text);
 * - jsonl format: a JSON string is the text; an object gives `textField` (must be a string) and
 *   `idField`; an empty line is an empty text; anything else is an `invalid` item reported with its line.
 */
export function parseBulkInputLine(line: string, format: BulkInputFormat): { input: PipelineInput; id: BulkLineId } {
  if (format.format === 'text' || line.trim() === '') return { input: line, id: undefined };
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    return { input: { failed: { reason: 'invalid', message: 'Line is not valid JSON.' } }, id: undefined };
  }
  if (typeof value === 'string') return { input: value, id: undefined };
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    return { input: { failed: { reason: 'invalid', message: 'Line is neither a JSON object nor a JSON string.' } }, id: undefined };
  }
  const record = value as Record<string, unknown>;
  const rawId = record[format.idField];
  const id = typeof rawId === 'string' || (typeof rawId === 'number' && Number.isFinite(rawId)) ? rawId : undefined;
  const text = record[format.textField];
  if (typeof text !== 'string') return { input: { failed: { reason: 'invalid', message: `Line has no string "${format.textField}" field.` } }, id };
  return { input: text, id };
}
