/**
 * A local file or folder could not be read or written: the docs folder, a document, the index store.
 * `hint` is one short sentence telling the user what to do next (the CLI prints it under the message and
 * exits 7).
 */
export class LocalFileError extends Error {
  override name = 'LocalFileError';
  /** What to do next, or `undefined`. */
  readonly hint: string | undefined;

  constructor(message: string, hint?: string) {
    super(message);
    this.hint = hint;
  }
}
