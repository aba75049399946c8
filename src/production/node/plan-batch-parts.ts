import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { APIUserAbortError } from '../../core/errors.js';
import { countTokensBatch } from '../../tokenizer/count-tokens.js';
import type { BatchEmbedJournal } from './batch-embed-journal.js';
import { formatBulkOutputLine } from './bulk-output-line.js';
import { parseBulkInputLine, readLines, type BulkInputFormat } from './read-bulk-input.js';

/** What planning needs: where the part files go and how a line becomes a request. */
export interface BatchPlanSettings {
  input: string;
  format: BulkInputFormat;
  /** Folder of the part files (`<output>.batch`). */
  folder: string;
  /** Request lines per batch input file (≤ 50,000). */
  partLines: number;
  /** Bytes per batch input file (≤ 500 MB). */
  partBytes: number;
  model: string;
  dimension: number;
  maxTokensPerText: number;
  /** Stops planning between lines (APIUserAbortError); planned parts are kept. */
  signal?: AbortSignal | undefined;
}

const FLUSH_BYTES = 1 << 20;

/** Buffered synchronous appends to one file. */
class FileWriter {
  readonly #fd: number;
  #pending: string[] = [];
  #size = 0;

  constructor(path: string) {
    this.#fd = openSync(path, 'w');
  }

  write(text: string): void {
    this.#pending.push(text);
    this.#size += text.length;
    if (this.#size >= FLUSH_BYTES) this.flush();
  }

  flush(): void {
    const bytes = Buffer.from(this.#pending.join(''), 'utf8');
    let written = 0;
    while (written < bytes.length) written += writeSync(this.#fd, bytes, written, bytes.length - written);
    this.#pending = [];
    this.#size = 0;
  }

  close(): void {
    this.flush();
    closeSync(this.#fd);
  }
}

/** The batch input file of attempt `a` of part `k`, and the part's results file. */
export function partFiles(folder: string, k: number, a: number): { input: string; results: string } {
  return { input: join(folder, `p${k}.a${a}.input.jsonl`), results: join(folder, `p${k}.results.jsonl`) };
}

/** The custom_id of input line `line`: `L<line>`. */
export function customIdOf(line: number): string {
  return `L${line}`;
}

/** The input line of a custom_id written by {@link customIdOf}, or undefined. */
export function lineOfCustomId(id: string): number | undefined {
  const line = /^L(\d+)$/.exec(id)?.[1];
  return line === undefined ? undefined : Number(line);
}

/**
 * Cuts the input into parts and writes, for each, its batch input file (one `/v1/embeddings` request per
 * text, `custom_id` `L<line>`) and its results file holding the lines decided locally (empty, invalid,
 * over the model's token limit: the same failure lines the synchronous job writes). A part is journaled
 * once both files are written; on resume planning restarts after the last journaled part (a part cut
 * short by a kill is written again). Streams the input: memory holds one buffered megabyte per file.
 */
export async function planBatchParts(journal: BatchEmbedJournal, settings: BatchPlanSettings): Promise<void> {
  const { state } = journal;
  if (state.planned !== undefined) return;
  const start = (state.parts.at(-1)?.last ?? 0) + 1;
  let k = state.parts.length;
  let first = start;
  let sent = 0;
  let bytes = 0;
  let files: { input: FileWriter; results: FileWriter } | undefined;
  const open = () => {
    const paths = partFiles(settings.folder, k, 0);
    return { input: new FileWriter(paths.input), results: new FileWriter(paths.results) };
  };
  const close = (last: number) => {
    if (!files) return;
    files.input.close();
    files.results.close();
    journal.record({ t: 'part', k, first, last, sent });
    files = undefined;
    k++;
    first = last + 1;
    sent = 0;
    bytes = 0;
  };
  let line = 0;
  for await (const text of readLines(settings.input)) {
    line++;
    if (line < start) continue;
    if (settings.signal?.aborted) {
      files?.input.close();
      files?.results.close();
      throw new APIUserAbortError(undefined, { cause: settings.signal.reason });
    }
    const { input } = parseBulkInputLine(text, settings.format);
    let failure: { reason: 'empty' | 'invalid' | 'too_long'; message: string } | undefined;
    if (typeof input !== 'string') failure = { reason: 'invalid', message: 'failed' in input ? input.failed.message : 'invalid line' };
    else if (input.trim() === '') failure = { reason: 'empty', message: 'Empty text; DashScope rejects empty texts.' };
    else if (Buffer.byteLength(input, 'utf8') > settings.maxTokensPerText) {
      const [tokens = 0] = await countTokensBatch([input]);
      if (tokens > settings.maxTokensPerText) failure = { reason: 'too_long', message: `Text has ${tokens} tokens; ${settings.model} accepts at most ${settings.maxTokensPerText} per text.` };
    }
    const request = failure
      ? undefined
      : `${JSON.stringify({ custom_id: customIdOf(line), method: 'POST', url: '/v1/embeddings', body: { model: settings.model, input, dimensions: settings.dimension, encoding_format: 'float' } })}\n`;
    const size = request ? Buffer.byteLength(request, 'utf8') : 0;
    if (files && request && (sent >= settings.partLines || bytes + size > settings.partBytes)) close(line - 1);
    files ??= open();
    if (failure) files.results.write(formatBulkOutputLine(line, undefined, { text_index: 0, failure: { text_index: 0, ...failure } }));
    else if (request) {
      files.input.write(request);
      sent++;
      bytes += size;
    }
  }
  close(line);
  journal.record({ t: 'planned', parts: k });
}
