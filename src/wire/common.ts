import { z } from 'zod';

/**
 * A dense vector as DashScope sends it (JSON array of numbers). Checked with one linear loop instead of a
 * per-element schema, because a 10 × 2048 response would otherwise cost more to validate than to parse.
 */
export const VectorSchema = z.custom<number[]>(
  (value) => {
    if (!Array.isArray(value)) return false;
    for (let index = 0; index < value.length; index++) if (typeof value[index] !== 'number') return false;
    return true;
  },
  { message: 'expected an array of numbers' },
);

/** `finish_reason` normalised once: the native wire's string `"null"` (and JSON null) become `null`. */
export const FinishReasonSchema = z
  .string()
  .nullish()
  .transform((value) => (value === 'null' || value === undefined || value === '' ? null : value));

export { formatIssues } from './format-issues.js';
