import { ResponseValidationError } from '../../core/errors.js';
import { formatIssues } from '../../wire/format-issues.js';
import { ResponseObjectSchema } from '../../wire/responses.js';
import type { Response } from './response-types.js';

/**
 * Checks a `response` object's shape and adds `output_text` (the `output_text` parts of its assistant
 * messages, joined in order; `''` when the answer is only function calls).
 *
 * @throws ResponseValidationError when the body is not a response object.
 */
export function parseResponse(body: unknown): Response {
  const parsed = ResponseObjectSchema.safeParse(body);
  if (!parsed.success) throw new ResponseValidationError('Unexpected Responses API response shape', formatIssues(parsed.error));
  const output_text = parsed.data.output
    .flatMap((item) => (item.type === 'message' && Array.isArray(item['content']) ? (item['content'] as { type: string; text?: string }[]) : []))
    .filter((part) => part.type === 'output_text' && typeof part.text === 'string')
    .map((part) => part.text)
    .join('');
  return { ...parsed.data, output_text };
}
