import type { z } from 'zod';

/**
 * Flattens zod issues into `path: message` strings (at most 10) for `ResponseValidationError`. Type-only use of
 * zod, so the modules that report issues do not load it.
 */
export function formatIssues(error: z.ZodError): string[] {
  return error.issues.slice(0, 10).map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
