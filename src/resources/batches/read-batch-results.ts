import { ResponseValidationError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/request-options.js';
import { formatIssues } from '../../wire/format-issues.js';
import type { Batch, BatchOutputLine } from '../../wire/batches.js';
import type { Files } from '../files/files.js';

/** The outcome of one batch request: `ok` with the synchronous answer's body, or the error it met. */
export type BatchResult =
  | { custom_id: string; ok: true; status_code: number; body: unknown; line: BatchOutputLine }
  | { custom_id: string; ok: false; status_code: number | undefined; error: { code: string | undefined; message: string | undefined }; line: BatchOutputLine };

/**
 * Joins output and error file lines by `custom_id` (never by order: DashScope does not promise input
 * order). A line is `ok` when its `response.status_code` is 2xx and it carries no `error`; a failed
 * line's error is `error`, else the error envelope inside `response.body`.
 *
 * @throws ResponseValidationError for a line that is not JSON or lacks `custom_id`.
 */
export async function joinBatchResults(lines: AsyncIterable<string> | Iterable<string>): Promise<Map<string, BatchResult>> {
  // Imported here, not with the root entry: the wire schemas load zod (issue 12, cold import).
  const { BatchOutputLineSchema } = await import('../../wire/batches.js');
  const results = new Map<string, BatchResult>();
  let index = 0;
  for await (const text of lines) {
    index++;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new ResponseValidationError('Batch result line is not JSON', [`line ${index}: ${text.slice(0, 80)}`]);
    }
    const parsed = BatchOutputLineSchema.safeParse(json);
    if (!parsed.success) throw new ResponseValidationError('Unexpected batch result line', formatIssues(parsed.error).map((issue) => `line ${index}: ${issue}`));
    results.set(parsed.data.custom_id, toResult(parsed.data));
  }
  return results;
}

function toResult(line: BatchOutputLine): BatchResult {
  const status = line.response?.status_code;
  if (!line.error && status !== undefined && status >= 200 && status < 300) return { custom_id: line.custom_id, ok: true, status_code: status, body: line.response?.body, line };
  const envelope = (line.response?.body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
  const code = line.error?.code ?? (typeof envelope?.code === 'string' ? envelope.code : undefined);
  const message = line.error?.message ?? (typeof envelope?.message === 'string' ? envelope.message : undefined);
  return { custom_id: line.custom_id, ok: false, status_code: status, error: { code: code ?? undefined, message: message ?? undefined }, line };
}

/**
 * Downloads a finished batch's output and error files (streamed, line by line) and returns every
 * result keyed by `custom_id`.
 *
 * @example
 * const results = await readBatchResults(client.files, await client.batches.wait(batch.id));
 * for (const [id, result] of results) if (!result.ok) console.error(id, result.error.code);
 *
 * @throws ResponseValidationError for malformed lines; errors of `files.content`.
 */
export async function readBatchResults(files: Files, batch: Pick<Batch, 'output_file_id' | 'error_file_id'>, options: RequestOptions = {}): Promise<Map<string, BatchResult>> {
  const results = new Map<string, BatchResult>();
  for (const id of [batch.output_file_id, batch.error_file_id]) {
    if (!id) continue;
    const content = await files.content(id, options);
    for (const [key, result] of await joinBatchResults(content.lines())) results.set(key, result);
  }
  return results;
}
