import { LocalFileError } from '../local-file-error.js';

/** The error for an embedded store that cannot be read (`path`: its folder), with the way out (`--rebuild`). */
export function damagedIndexError(path: string, reason: string): LocalFileError {
  return new LocalFileError(`The index at ${path} is damaged (${reason}).`, `Rerun with --rebuild to index the docs again (or delete ${path}).`);
}
