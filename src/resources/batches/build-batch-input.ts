import type { BatchEndpoint, BatchInputLine } from '../../wire/batches.js';
import { BatchInputError } from './batch-input-error.js';

/** One request of a batch: its `custom_id` and the body the synchronous endpoint would take (with `model`). */
export interface BatchRequest<Body extends { model: string } = { model: string } & Record<string, unknown>> {
  custom_id: string;
  body: Body;
}

/** A batch input file ready for `client.files.create({ file, purpose: 'batch' })`. */
export interface BatchInput {
  /** The JSONL text, one request per line, `\n`-terminated. */
  jsonl: string;
  /** The same as a Blob (`application/jsonl`). */
  file: Blob;
  lines: number;
  /** UTF-8 size of `jsonl`. */
  bytes: number;
  model: string;
  endpoint: BatchEndpoint;
}

/**
 * Caps of one input file (https://docs.qwencloud.com/developer-guides/text-generation/batch): 50,000 lines,
 * 500 MB, 6 MB per line; the `/v1/chat/ds-test` dry run takes 100 lines and 1 MB with model `batch-test-model`.
 */
export const BATCH_INPUT_LIMITS = {
  maxLines: 50_000,
  maxBytes: 500 * 1024 * 1024,
  maxLineBytes: 6 * 1024 * 1024,
  dryRun: { maxLines: 100, maxBytes: 1024 * 1024, model: 'batch-test-model' },
} as const;

const encoder = new TextEncoder();

/**
 * Writes a batch input JSONL from typed requests, checking what DashScope's validation would fail on:
 * unique non-empty `custom_id`s, one model for the whole file, the line and file caps of
 * {@link BATCH_INPUT_LIMITS}. Lines are `{"custom_id","method":"POST","url":endpoint,"body"}`.
 *
 * @example
 * const input = buildBatchInput('/v1/embeddings', texts.map((text, i) => ({ custom_id: `t${i}`, body: { model: 'text-embedding-v4', input: text } })));
 * const file = await client.files.create({ file: input.file, purpose: 'batch', filename: 'embed.jsonl' });
 *
 * @throws BatchInputError (`duplicate_custom_id`, `mismatched_model`, `too_many_lines`, `line_too_large`,
 *   `file_too_large`, `invalid_request`) with the 1-based line it concerns.
 */
export function buildBatchInput(endpoint: BatchEndpoint, requests: Iterable<BatchRequest>): BatchInput {
  const dryRun = endpoint === '/v1/chat/ds-test';
  const maxLines = dryRun ? BATCH_INPUT_LIMITS.dryRun.maxLines : BATCH_INPUT_LIMITS.maxLines;
  const maxBytes = dryRun ? BATCH_INPUT_LIMITS.dryRun.maxBytes : BATCH_INPUT_LIMITS.maxBytes;
  const seen = new Set<string>();
  const parts: string[] = [];
  let model: string | undefined;
  let bytes = 0;
  for (const request of requests) {
    const line = parts.length + 1;
    if (line > maxLines) throw new BatchInputError('too_many_lines', `A batch file holds at most ${maxLines} lines; split the requests.`, { line, limit: maxLines });
    const id = request?.custom_id;
    if (typeof id !== 'string' || id === '') throw new BatchInputError('invalid_request', 'custom_id must be a non-empty string.', { line, value: id, param: 'custom_id' });
    if (seen.has(id)) throw new BatchInputError('duplicate_custom_id', `custom_id "${id}" appears twice; results are joined by it.`, { line, value: id, param: 'custom_id' });
    seen.add(id);
    const named = request.body?.model;
    if (typeof named !== 'string' || named === '') throw new BatchInputError('invalid_request', 'body.model must be a non-empty string.', { line, value: named, param: 'body.model' });
    if (dryRun && named !== BATCH_INPUT_LIMITS.dryRun.model) {
      throw new BatchInputError('mismatched_model', `The dry-run endpoint takes model "${BATCH_INPUT_LIMITS.dryRun.model}".`, { line, value: named, param: 'body.model' });
    }
    model ??= named;
    if (named !== model) throw new BatchInputError('mismatched_model', `One model per batch file: "${named}" after "${model}".`, { line, value: named, param: 'body.model' });
    const text = `${JSON.stringify({ custom_id: id, method: 'POST', url: endpoint, body: request.body } satisfies BatchInputLine)}\n`;
    const size = encoder.encode(text).byteLength;
    if (size > BATCH_INPUT_LIMITS.maxLineBytes) throw new BatchInputError('line_too_large', 'A batch line is at most 6 MB.', { line, value: size, limit: BATCH_INPUT_LIMITS.maxLineBytes });
    bytes += size;
    if (bytes > maxBytes) throw new BatchInputError('file_too_large', `A batch file is at most ${maxBytes} bytes; split the requests.`, { line, value: bytes, limit: maxBytes });
    parts.push(text);
  }
  if (model === undefined) throw new BatchInputError('invalid_request', 'A batch needs at least one request.', { value: 0 });
  const jsonl = parts.join('');
  return { jsonl, file: new Blob([jsonl], { type: 'application/jsonl' }), lines: parts.length, bytes, model, endpoint };
}
