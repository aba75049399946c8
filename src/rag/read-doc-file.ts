import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LocalFileError } from './local-file-error.js';

/** A document read by {@link readDocFile}. */
export interface DocFile {
  /** Path relative to the folder, `/`-separated. */
  file: string;
  /** SHA-256 (hex) of the file's bytes: a file is re-chunked only when this changes. */
  hash: string;
  /** UTF-8 text of the file (without a byte-order mark), or `undefined` when it is skipped. */
  content: string | undefined;
  /** Why the file is not indexed: it holds NUL bytes (`binary`) or is not valid UTF-8 (`invalid-utf8`). */
  skipped?: 'binary' | 'invalid-utf8';
}

const SNIFF_BYTES = 8192;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

/**
 * Reads one file of the docs folder and hashes its bytes. A file with a NUL byte in its first 8 KiB is
 * binary and one that does not decode as UTF-8 is skipped: they are reported, never chunked or embedded.
 *
 * @param folder absolute docs folder; @param file path inside it, `/`-separated.
 * @throws LocalFileError (exit 7) when the file cannot be read (permissions, vanished, a folder).
 */
export async function readDocFile(folder: string, file: string): Promise<DocFile> {
  const path = join(folder, file);
  const bytes = await readFile(path).catch((error: unknown) => {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new LocalFileError(`Cannot read ${path} (${code}).`, 'Fix its permissions, or move it out of the docs folder.');
  });
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { file, hash, content: undefined, skipped: 'binary' };
  try {
    return { file, hash, content: decoder.decode(bytes) };
  } catch {
    return { file, hash, content: undefined, skipped: 'invalid-utf8' };
  }
}
