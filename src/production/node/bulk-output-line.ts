import type { EmbedFailureReason, EmbedOutcome } from '../resolve-embed-settings.js';
import type { PipelineInput } from '../run-embed-pipeline.js';

/** An input line's identifier as copied to the output: the JSONL `id` field when it is a string or number. */
export type BulkLineId = string | number | undefined;

/** Characters of an error message kept in a failure line. */
const MAX_MESSAGE = 1_000;

/**
 * Formats one output line of the bulk embedding job, newline included. `line` is the 1-based input line
 * number; output line k always describes input line k, which is what makes the output its own checkpoint.
 * - vector: `{"line":12,"id":"a1","embedding":[…],"sparse_embedding":[…],"truncated":true}` (`id`,
 *   `sparse_embedding` and `truncated` only when present);
 * - failure: `{"line":12,"error":{"reason":"too_long","message":"…"},"id":"a1"}` — `error` comes right
 *   after `line`, so a failure is recognised from the line's first bytes without parsing the rest; the
 *   message is cut to 1,000 characters.
 * Numbers are written with `JSON.stringify`, which round-trips every double exactly.
 */
export function formatBulkOutputLine(line: number, id: BulkLineId, outcome: EmbedOutcome): string {
  const idPart = id === undefined ? '' : `"id":${JSON.stringify(id)}`;
  if ('failure' in outcome) {
    const error = JSON.stringify({ reason: outcome.failure.reason, message: outcome.failure.message.slice(0, MAX_MESSAGE) });
    return `{"line":${line},"error":${error}${idPart ? `,${idPart}` : ''}}\n`;
  }
  let text = `{"line":${line}${idPart ? `,${idPart}` : ''}`;
  if (outcome.embedding.embedding) text += `,"embedding":${JSON.stringify(outcome.embedding.embedding)}`;
  if (outcome.embedding.sparse_embedding) text += `,"sparse_embedding":${JSON.stringify(outcome.embedding.sparse_embedding)}`;
  if (outcome.truncated) text += ',"truncated":true';
  return `${text}}\n`;
}

/** The prefix every output line for input line `line` starts with. */
export function bulkLinePrefix(line: number): string {
  return `{"line":${line},`;
}

/** Whether an output line (as formatted by {@link formatBulkOutputLine}) records a failure. */
export function isBulkFailureLine(text: string, line: number): boolean {
  return text.startsWith(`{"line":${line},"error":`);
}

/**
 * Reads a line written by {@link formatBulkOutputLine} back into a pipeline input whose outcome is known,
 * so a resumed job delivers it without a request.
 * @returns `undefined` when the text is not such a line (for example a torn write).
 */
export function parseBulkOutputLine(text: string): { line: number; input: Exclude<PipelineInput, string>; reason?: EmbedFailureReason; message?: string } | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (!Number.isSafeInteger(record.line) || (record.line as number) < 1) return undefined;
  const line = record.line as number;
  const error = record.error as { reason?: unknown; message?: unknown } | undefined;
  if (error && typeof error === 'object') {
    const reason = error.reason as EmbedFailureReason;
    const message = typeof error.message === 'string' ? error.message : '';
    return { line, input: { failed: { reason, message } }, reason, message };
  }
  const known: { embedding?: number[]; sparse_embedding?: Array<{ index: number; value: number; token?: string }>; truncated?: boolean } = {};
  if (Array.isArray(record.embedding)) known.embedding = record.embedding as number[];
  if (Array.isArray(record.sparse_embedding)) known.sparse_embedding = record.sparse_embedding as typeof known.sparse_embedding & object;
  if (!known.embedding && !known.sparse_embedding) return undefined;
  if (record.truncated === true) known.truncated = true;
  return { line, input: { known } };
}
