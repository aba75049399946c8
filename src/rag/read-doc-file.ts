import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { codeLanguageOf, LOCKFILE_NAMES } from './code-languages.js';
import { LocalFileError } from './local-file-error.js';

/**
 * Why a file of the docs folder is not indexed: it holds NUL bytes (`binary`), is not UTF-8
 * (`invalid-utf8`), is a lockfile (`lockfile`), a minified script (`*.min.*`, or lines averaging over
 * 300 characters: `minified`), a code file marked generated in its first lines (`@generated`,
 * `DO NOT EDIT`, `auto-generated`, Go's `Code generated`: `generated`), or a code file over {@link MAX_CODE_FILE_BYTES} (`too-large`).
 */
export type DocSkipReason = 'binary' | 'invalid-utf8' | 'lockfile' | 'minified' | 'generated' | 'too-large';

/** A document read by {@link readDocFile}. */
export interface DocFile {
  /** Path relative to the folder, `/`-separated. */
  file: string;
  /**
   * SHA-256 (hex) of the file's bytes: a file is re-chunked only when this changes. Empty for a file
   * skipped without being read (`lockfile`, `too-large`, a `*.min.*` name).
   */
  hash: string;
  /** UTF-8 text of the file (without a byte-order mark), or `undefined` when it is skipped. */
  content: string | undefined;
  /** Why the file is not indexed, when it is not. */
  skipped?: DocSkipReason;
}

/** Code files larger than this (bytes, 512 KiB) are skipped as `too-large`; Markdown and text have no cap. */
export const MAX_CODE_FILE_BYTES = 512 * 1024;

const SNIFF_BYTES = 8192;
const GENERATED_MARK = /@generated\b|\bDO NOT EDIT\b|\bauto-?generated\b|\bCode generated\b/i;
const MINIFIED_NAME = /[.-]min\.[a-z]+$/i;
const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });

function cannotRead(path: string, error: unknown): LocalFileError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new LocalFileError(`Cannot read ${path} (${code}).`, 'Fix its permissions, or move it out of the docs folder.');
}

function looksMinified(text: string): boolean {
  const lines = text.split('\n').length;
  return text.length >= 2048 && text.length / lines > 300;
}

/**
 * Reads one file of the docs folder and hashes its bytes. A file with a NUL byte in its first 8 KiB is
 * binary and one that does not decode as UTF-8 is skipped: they are reported, never chunked or embedded.
 * Lockfiles are skipped unread; code files (see `codeLanguageOf`) are skipped when larger than
 * {@link MAX_CODE_FILE_BYTES} (unread), named `*.min.*` (unread), minified (long lines) or marked
 * generated in their first five lines (see {@link DocSkipReason}).
 *
 * @param folder absolute docs folder; @param file path inside it, `/`-separated.
 * @throws LocalFileError (exit 7) when the file cannot be read (permissions, vanished, a folder).
 */
export async function readDocFile(folder: string, file: string): Promise<DocFile> {
  const path = join(folder, file);
  if (LOCKFILE_NAMES.has(file.split('/').pop() ?? file)) return { file, hash: '', content: undefined, skipped: 'lockfile' };
  const code = codeLanguageOf(file) !== undefined;
  if (code) {
    if (MINIFIED_NAME.test(file)) return { file, hash: '', content: undefined, skipped: 'minified' };
    const info = await stat(path).catch((error: unknown) => {
      throw cannotRead(path, error);
    });
    if (info.size > MAX_CODE_FILE_BYTES) return { file, hash: '', content: undefined, skipped: 'too-large' };
  }
  const bytes = await readFile(path).catch((error: unknown) => {
    throw cannotRead(path, error);
  });
  const hash = createHash('sha256').update(bytes).digest('hex');
  if (bytes.subarray(0, SNIFF_BYTES).includes(0)) return { file, hash, content: undefined, skipped: 'binary' };
  let content: string;
  try {
    content = decoder.decode(bytes);
  } catch {
    return { file, hash, content: undefined, skipped: 'invalid-utf8' };
  }
  if (code && GENERATED_MARK.test(content.split('\n', 5).join('\n'))) return { file, hash, content: undefined, skipped: 'generated' };
  if (code && looksMinified(content)) return { file, hash, content: undefined, skipped: 'minified' };
  return { file, hash, content };
}
