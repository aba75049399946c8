import { APIConnectionError, InputValidationError, ResponseValidationError } from '../../core/errors.js';
import { formatIssues } from '../../wire/format-issues.js';
import type { Task } from '../../wire/tasks.js';

/** One row of an async embedding result: the vector of input line `text_index` (0-based), or why it has none. */
export type EmbeddingTaskRow =
  | { text_index: number; embedding: number[] }
  | { text_index: number; embedding: undefined; error: { code: string | undefined; message: string | undefined } };

/** Options of {@link readEmbeddingTaskResult}. */
export interface ReadEmbeddingTaskResultOptions {
  /** The `fetch` used for the result URL (default: the global one). No API key is sent: the URL is pre-signed. */
  fetch?: typeof fetch | undefined;
  signal?: AbortSignal | undefined;
}

async function* chunksOf(body: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array, void, undefined> {
  const reader = body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
}

/** The body as text chunks, gunzipped when it starts with the gzip magic bytes (DashScope serves `.txt.gz`). */
async function* textOf(body: ReadableStream<Uint8Array>): AsyncGenerator<string, void, undefined> {
  const reader = body.getReader();
  const first = await reader.read();
  const replay = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.value) controller.enqueue(first.value);
      if (first.done) controller.close();
    },
    async pull(controller) {
      const { done, value } = await reader.read();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    cancel: (reason) => reader.cancel(reason),
  });
  const gzip = first.value !== undefined && first.value[0] === 0x1f && first.value[1] === 0x8b;
  const stream = gzip ? replay.pipeThrough(new DecompressionStream('gzip') as unknown as TransformStream<Uint8Array, Uint8Array>) : replay;
  const decoder = new TextDecoder();
  for await (const chunk of chunksOf(stream)) yield decoder.decode(chunk, { stream: true });
  yield decoder.decode();
}

type LineSchema = (typeof import('../../wire/tasks.js'))['AsyncEmbeddingResultLineSchema'];

function toRow(schema: LineSchema, text: string, index: number): EmbeddingTaskRow {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ResponseValidationError('Embedding task result line is not JSON', [`line ${index}: ${text.slice(0, 80)}`]);
  }
  const inner = json && typeof json === 'object' && 'output' in json && (json as { output: unknown }).output ? (json as { output: unknown }).output : json;
  const parsed = schema.safeParse(inner);
  if (!parsed.success) throw new ResponseValidationError('Unexpected embedding task result line', formatIssues(parsed.error).map((issue) => `line ${index}: ${issue}`));
  const line = parsed.data;
  if (line.embedding) return { text_index: line.text_index, embedding: line.embedding };
  return { text_index: line.text_index, embedding: undefined, error: { code: line.code === undefined || line.code === null ? undefined : String(line.code), message: line.message ?? undefined } };
}

/**
 * Downloads and parses the result file of a `SUCCEEDED` async embedding task (`output.url`, a pre-signed
 * `.txt.gz`; plain text is read too), streamed: one row per line, nothing buffered beyond a line. Rows
 * carry the 0-based `text_index` of the input line; do not assume they arrive in input order.
 * DashScope's result line format was not captured: each line is read as JSON with `text_index` and
 * `embedding` (or `code`/`message`), at the top level or under `output`.
 * https://help.aliyun.com/en/model-studio/text-embedding-batch-api
 *
 * @throws InputValidationError when the task has no result URL (not SUCCEEDED); APIConnectionError when the
 *   download fails or answers non-2xx; ResponseValidationError for a line that does not fit.
 */
export async function* readEmbeddingTaskResult(task: Task, options: ReadEmbeddingTaskResultOptions = {}): AsyncGenerator<EmbeddingTaskRow, void, undefined> {
  const url = task.output.url;
  if (task.output.task_status !== 'SUCCEEDED' || !url) {
    throw new InputValidationError(`Task ${task.output.task_id} has no result file (status ${task.output.task_status}).`, 'task', { value: task.output.task_status });
  }
  const doFetch = options.fetch ?? globalThis.fetch;
  let response: Response;
  try {
    response = await doFetch(url, { signal: options.signal ?? null });
  } catch (error) {
    throw new APIConnectionError('Could not download the embedding task result.', { cause: error });
  }
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    throw new APIConnectionError(`Embedding task result download answered HTTP ${response.status}.`);
  }
  // Imported here, not with the root entry: the wire schemas load zod (issue 12, cold import).
  const schema = (await import('../../wire/tasks.js')).AsyncEmbeddingResultLineSchema;
  let pending = '';
  let index = 0;
  for await (const text of textOf(response.body)) {
    pending += text;
    let newline = pending.indexOf('\n');
    while (newline >= 0) {
      const line = pending.slice(0, newline).trim();
      pending = pending.slice(newline + 1);
      if (line !== '') yield toRow(schema, line, ++index);
      newline = pending.indexOf('\n');
    }
  }
  if (pending.trim() !== '') yield toRow(schema, pending.trim(), ++index);
}
