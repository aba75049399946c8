import { mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Creates `path` and its missing parents, one level at a time, and fails at the first level that cannot be
 * created. Replaces `mkdirSync(path, { recursive: true })`, which on Node 20–24 never returns for a path
 * under a pseudo file system such as `/proc` (it spins at full CPU, deaf to SIGTERM).
 *
 * @param path the folder to create (relative paths resolve against the working directory).
 * @throws the `mkdir` error of the first level that cannot be created (`ENOENT`, `EACCES`, `EROFS`…), or an
 *   `ENOTDIR` error when an existing ancestor is a file.
 */
export function makeFolderSync(path: string): void {
  const missing: string[] = [];
  let current = resolve(path);
  for (;;) {
    const stats = statSync(current, { throwIfNoEntry: false });
    if (stats) {
      if (!stats.isDirectory()) throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${current}'`), { code: 'ENOTDIR', path: current });
      break;
    }
    missing.push(current);
    const parent = dirname(current);
    if (parent === current) break;
    current = parent;
  }
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}
