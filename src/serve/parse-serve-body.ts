import { z } from 'zod';
import { ServeRequestError } from './serve-request-error.js';

/**
 * Reads a request body as JSON and checks it against `schema`.
 *
 * @throws ServeRequestError `invalid_json` for a body that is not JSON, `invalid_body` (naming the first
 *   offending field) for one the schema refuses.
 */
export async function parseServeBody<T>(request: Request, schema: z.ZodType<T>): Promise<T> {
  let json: unknown;
  try {
    json = JSON.parse(await request.text());
  } catch {
    throw new ServeRequestError('invalid_json', 'The request body is not JSON.');
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  const [issue] = parsed.error.issues;
  const param = issue && issue.path.length > 0 ? issue.path.join('.') : null;
  throw new ServeRequestError('invalid_body', `${param ?? 'body'}: ${issue?.message ?? 'invalid'}`, param);
}
