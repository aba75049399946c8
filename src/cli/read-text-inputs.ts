import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { LocalFileError, UsageError } from './cli-errors.js';
import { findNonTextLine, NON_TEXT_REASONS } from './find-non-text-line.js';

/** One input text and where it came from. */
export interface TextInput {
  text: string;
  /** 1-based line in the file or stdin; absent for command-line arguments. */
  line?: number;
}

/** Where {@link readTextInputs} reads from, first match wins: arguments, then `file`, then `stdin` when it is not a terminal. */
export interface TextSource {
  args: readonly string[];
  file?: string | undefined;
  stdin?: (NodeJS.ReadableStream & { isTTY?: boolean }) | undefined;
  /** Plural noun for messages: `texts`, `documents`. */
  what: string;
}

function parseLine(raw: string, line: number, where: string): TextInput | undefined {
  const trimmed = raw.trim();
  if (trimmed === '') return undefined;
  if (!trimmed.startsWith('{')) return { text: raw.replace(/\r$/, ''), line };
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    throw new UsageError(`${where} line ${line}: invalid JSON.`, 'A line starting with { must be a JSON object with a "text" string (JSONL).');
  }
  const text = (value as { text?: unknown }).text;
  if (typeof text !== 'string' || text.trim() === '') {
    throw new UsageError(`${where} line ${line}: the JSON object has no non-empty "text" string.`, 'JSONL lines look like {"text": "..."}.');
  }
  return { text, line };
}

async function refuseNonText(chunks: AsyncIterable<Buffer | string> | Iterable<Buffer | string>, where: string): Promise<void> {
  const found = await findNonTextLine(chunks);
  if (found) throw new UsageError(`${where} line ${found.line} holds ${NON_TEXT_REASONS[found.reason]}; nothing was sent.`, 'Pass a UTF-8 text file: one text per line, or JSONL {"text": "..."}.');
}

async function readLines(stream: NodeJS.ReadableStream, where: string): Promise<TextInput[]> {
  const inputs: TextInput[] = [];
  let line = 0;
  for await (const raw of createInterface({ input: stream, crlfDelay: Infinity })) {
    const input = parseLine(raw, ++line, where);
    if (input) inputs.push(input);
  }
  return inputs;
}

/**
 * Reads the texts of `embed` or the documents of `rerank`: each argument is one text; a file or stdin
 * holds one text per line, or JSONL (`{"text": "..."}` per line; any line starting with `{` is read as
 * JSON). Blank lines are skipped; every text keeps its line number so output can point back to it.
 *
 * @throws UsageError when there is no input, an argument is empty, a line holds binary data or
 *   bytes that are not UTF-8 (checked before anything is parsed), or a JSON line is invalid; each message
 *   names the file (or stdin) and the line. LocalFileError when the file cannot be read.
 */
export async function readTextInputs(source: TextSource): Promise<TextInput[]> {
  if (source.args.length > 0) {
    source.args.forEach((text, index) => {
      if (text.trim() === '') throw new UsageError(`Argument ${index + 1} is empty; DashScope rejects empty ${source.what}.`);
    });
    return source.args.map((text) => ({ text }));
  }
  let inputs: TextInput[];
  if (source.file !== undefined) {
    const info = await stat(source.file).catch(() => undefined);
    if (!info) throw new LocalFileError(`Cannot read ${source.file}: no such file.`, 'Pass an existing file with --file <path>.');
    if (!info.isFile()) throw new LocalFileError(`Cannot read ${source.file}: it is a folder, not a file.`, 'Pass a file with --file <path>.');
    const file = source.file;
    try {
      await refuseNonText(createReadStream(file), file);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code) throw new LocalFileError(`Cannot read ${file} (${code}).`, 'Fix its permissions, or pass another file with --file <path>.');
      throw error;
    }
    inputs = await readLines(createReadStream(file), file);
  } else if (source.stdin && source.stdin.isTTY !== true) {
    const chunks: Buffer[] = [];
    for await (const chunk of source.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
    await refuseNonText(chunks, 'stdin');
    inputs = await readLines(Readable.from(chunks), 'stdin');
  } else {
    throw new UsageError(`No ${source.what}.`, `Pass ${source.what} as arguments, with --file <path> (one per line or JSONL), or on stdin.`);
  }
  if (inputs.length === 0) throw new UsageError(`No ${source.what}: the input has only blank lines.`);
  return inputs;
}
