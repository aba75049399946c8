import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { LocalFileError } from '../cli-errors.js';

/** A document found by {@link readDocFiles}. */
export interface DocFile {
  /** Path relative to the folder, `/`-separated. */
  file: string;
  /** UTF-8 text of the file. */
  content: string;
  /** SHA-256 (hex) of the file's bytes: a file is re-indexed only when this changes. */
  hash: string;
}

const DOC_EXTENSIONS = /\.(md|markdown|txt)$/i;
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.dashscope-kit']);

async function walk(folder: string, directory: string, found: string[]): Promise<void> {
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      if (!entry.name.startsWith('.') && !SKIPPED_DIRS.has(entry.name)) await walk(folder, path, found);
    } else if (entry.isFile() && DOC_EXTENSIONS.test(entry.name)) {
      found.push(relative(folder, path));
    }
  }
}

/**
 * Reads every Markdown (`.md`, `.markdown`) and text (`.txt`) file under `folder`, recursively, skipping
 * hidden folders, `node_modules` and `.dashscope-kit`. Files come back sorted by path.
 *
 * @throws LocalFileError when the folder does not exist, is not a folder, or holds no such file.
 */
export async function readDocFiles(folder: string): Promise<DocFile[]> {
  const info = await stat(folder).catch(() => undefined);
  if (!info?.isDirectory()) throw new LocalFileError(`Docs folder not found: ${folder}`, 'Pass a folder of .md or .txt files with --docs <folder>.');
  const paths: string[] = [];
  await walk(folder, folder, paths);
  if (paths.length === 0) throw new LocalFileError(`No .md or .txt files under ${folder}`, 'Pass a folder of .md or .txt files with --docs <folder>.');
  paths.sort();
  return Promise.all(
    paths.map(async (path) => {
      const bytes = await readFile(join(folder, path));
      return { file: path.split(sep).join('/'), content: bytes.toString('utf8'), hash: createHash('sha256').update(bytes).digest('hex') };
    }),
  );
}
