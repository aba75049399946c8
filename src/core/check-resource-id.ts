import { InputValidationError } from './errors.js';

/**
 * Checks an id that goes into a URL path (`file-batch-…`, `batch_…`) and returns it.
 * @throws InputValidationError when it is not a non-empty string, or holds `/`, `?`, `#` or whitespace.
 */
export function checkResourceId(id: unknown, param: string): string {
  if (typeof id !== 'string' || id === '' || /[/?#\s]/.test(id)) {
    throw new InputValidationError(`${param} must be a non-empty id without "/", "?", "#" or spaces.`, param, { value: id });
  }
  return id;
}
