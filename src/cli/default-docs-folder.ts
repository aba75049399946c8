import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LocalFileError } from './cli-errors.js';

/** Where {@link defaultDocsFolder} looks; each part can be replaced in tests. */
export interface DocsLookup {
  /** `npm_execpath` (set by `npm start`/`npm run`): npm's own `bin/npm-cli.js`. */
  npmExecPath?: string | undefined;
  /** The running Node binary; npm sits next to it (`<prefix>/lib/node_modules/npm`, or `<prefix>/node_modules/npm` on Windows). */
  execPath?: string;
  /** Runs `npm root -g` and returns its output, or `undefined` when npm cannot be run. */
  npmRoot?: () => Promise<string | undefined>;
}

function npmRootGlobal(): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile('npm', ['root', '-g'], { timeout: 10_000, windowsHide: true, shell: process.platform === 'win32' }, (error, stdout) => {
      resolve(error ? undefined : stdout.trim().split('\n').pop()?.trim() || undefined);
    });
  });
}

/**
 * The folder of npm's own documentation (`<npm root -g>/npm/docs/content`, about 90 Markdown files),
 * the default `--docs` of `index`, `search`, `ask` and `demo`. Looks next to `npm_execpath`, then next
 * to the Node binary, then asks `npm root -g`.
 *
 * @throws LocalFileError when none of those has the docs folder.
 */
export async function defaultDocsFolder(lookup: DocsLookup = {}): Promise<string> {
  const candidates: string[] = [];
  const npmExecPath = 'npmExecPath' in lookup ? lookup.npmExecPath : process.env.npm_execpath;
  if (npmExecPath && /npm-cli\.js$/.test(npmExecPath)) candidates.push(join(dirname(npmExecPath), '..', 'docs', 'content'));
  const bin = dirname(lookup.execPath ?? process.execPath);
  candidates.push(join(bin, '..', 'lib', 'node_modules', 'npm', 'docs', 'content'), join(bin, 'node_modules', 'npm', 'docs', 'content'));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (found) return found;
  const root = await (lookup.npmRoot ?? npmRootGlobal)();
  const fromRoot = root ? join(root, 'npm', 'docs', 'content') : undefined;
  if (fromRoot && existsSync(fromRoot)) return fromRoot;
  throw new LocalFileError("npm's documentation was not found next to node or under `npm root -g`.", 'Pass a folder of .md, .txt or code files (.ts, .py, .go, …) with --docs <folder>.');
}
