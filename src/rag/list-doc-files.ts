import { readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { codeLanguageOf, LOCKFILE_NAMES } from './code-languages.js';
import { LocalFileError } from './local-file-error.js';

const DOC_EXTENSIONS = /\.(md|markdown|txt)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.dashscope-kit']);
const HINT = 'Pass a folder of .md, .txt or code files (.ts, .py, .go, …) with --docs <folder>.';

function unreadable(path: string, error: unknown): LocalFileError {
  const code = (error as NodeJS.ErrnoException).code ?? 'error';
  return new LocalFileError(`Cannot read ${path} (${code}).`, 'Fix its permissions, or move it out of the docs folder.');
}

async function walk(folder: string, directory: string, found: string[], signal: AbortSignal | undefined): Promise<void> {
  if (signal?.aborted) return;
  const entries = await readdir(directory, { withFileTypes: true }).catch((error: unknown) => {
    throw unreadable(directory, error);
  });
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) await walk(folder, path, found, signal);
    } else if (entry.isFile() && (DOC_EXTENSIONS.test(entry.name) || codeLanguageOf(entry.name) !== undefined || LOCKFILE_NAMES.has(entry.name))) {
      found.push(relative(folder, path).split(sep).join('/'));
    }
  }
}

/**
 * Lists the Markdown (`.md`, `.markdown`), text (`.txt`) and code files (by extension, see `CODE_EXTENSIONS`)
 * under `folder`, and its lockfiles (so that `readDocFile` reports them skipped), recursively, skipping
 * hidden folders, `node_modules` and `.dashscope-kit`, as `/`-separated paths relative to `folder`,
 * sorted. Stops early (returning what it found) once `signal` aborts.
 *
 * @throws LocalFileError (exit 7) when the folder does not exist, is not a folder, cannot be read (or a
 *   folder inside it cannot), or holds no such file.
 */
export async function listDocFiles(folder: string, signal?: AbortSignal): Promise<string[]> {
  const info = await stat(folder).catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new LocalFileError(`Docs folder not found: ${folder}`, HINT);
    throw unreadable(folder, error);
  });
  if (!info.isDirectory()) throw new LocalFileError(`${folder} is a file, not a folder.`, HINT);
  const paths: string[] = [];
  await walk(folder, folder, paths, signal);
  if (paths.length === 0 && !signal?.aborted) throw new LocalFileError(`No .md, .txt or code files under ${folder}`, HINT);
  return paths.sort();
}
