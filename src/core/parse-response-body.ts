import type { z } from 'zod';
import { formatIssues } from '../wire/format-issues.js';
import { ResponseValidationError } from './errors.js';

/**
 * Parses a 2xx body with a lenient wire schema.
 * @throws ResponseValidationError naming `what` and the offending fields when the body does not fit.
 */
export function parseResponseBody<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new ResponseValidationError(`Unexpected ${what} shape`, formatIssues(result.error));
  return result.data;
}
