import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileError } from './cli-errors.js';
import { defaultDocsFolder } from './default-docs-folder.js';

let prefix: string;

beforeEach(() => {
  prefix = mkdtempSync(join(tmpdir(), 'dsk-prefix-'));
  mkdirSync(join(prefix, 'bin'));
});
afterEach(() => {
  rmSync(prefix, { recursive: true, force: true });
});

describe('defaultDocsFolder', () => {
  it('finds npm docs next to the node binary', async () => {
    const docs = join(prefix, 'lib', 'node_modules', 'npm', 'docs', 'content');
    mkdirSync(docs, { recursive: true });
    expect(await defaultDocsFolder({ npmExecPath: undefined, execPath: join(prefix, 'bin', 'node'), npmRoot: async () => undefined })).toBe(docs);
  });

  it('prefers the npm that runs the script', async () => {
    const docs = join(prefix, 'other', 'npm', 'docs', 'content');
    mkdirSync(docs, { recursive: true });
    const npmExecPath = join(prefix, 'other', 'npm', 'bin', 'npm-cli.js');
    expect(await defaultDocsFolder({ npmExecPath, execPath: join(prefix, 'bin', 'node') })).toBe(docs);
  });

  it('falls back to npm root -g', async () => {
    const docs = join(prefix, 'global', 'npm', 'docs', 'content');
    mkdirSync(docs, { recursive: true });
    const found = await defaultDocsFolder({ npmExecPath: undefined, execPath: join(prefix, 'bin', 'node'), npmRoot: async () => join(prefix, 'global') });
    expect(found).toBe(docs);
  });

  it('throws a LocalFileError that suggests --docs when npm has no docs', async () => {
    const lookup = { npmExecPath: undefined, execPath: join(prefix, 'bin', 'node'), npmRoot: async () => undefined };
    await expect(defaultDocsFolder(lookup)).rejects.toThrow(LocalFileError);
    await expect(defaultDocsFolder(lookup)).rejects.toMatchObject({ hint: expect.stringContaining('--docs') });
  });

  it('finds the docs of the npm installed on this machine', async () => {
    const found = await defaultDocsFolder();
    expect(found.replaceAll('\\', '/')).toMatch(/npm\/docs\/content$/);
  });
});
