import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileError } from './local-file-error.js';
import { listDocFiles } from './list-doc-files.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-docs-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('listDocFiles', () => {
  it('finds Markdown and text files recursively, sorted, with relative slash paths', async () => {
    mkdirSync(join(folder, 'sub'));
    writeFileSync(join(folder, 'b.md'), '# B');
    writeFileSync(join(folder, 'sub', 'a.txt'), 'A');
    writeFileSync(join(folder, 'image.png'), 'x');
    expect(await listDocFiles(folder)).toEqual(['b.md', 'sub/a.txt']);
  });

  it('finds code files by extension and lockfiles, but not data files', async () => {
    mkdirSync(join(folder, 'src'));
    for (const name of ['src/client.ts', 'src/App.TSX', 'tool.py', 'main.go', 'package-lock.json', 'package.json', 'Makefile', 'data.csv']) writeFileSync(join(folder, name), 'x');
    expect(await listDocFiles(folder)).toEqual(['main.go', 'package-lock.json', 'src/App.TSX', 'src/client.ts', 'tool.py']);
  });

  it('skips hidden folders, node_modules and the index folder', async () => {
    for (const name of ['.git', 'node_modules', '.dashscope-kit']) {
      mkdirSync(join(folder, name));
      writeFileSync(join(folder, name, 'x.md'), 'x');
    }
    writeFileSync(join(folder, 'kept.md'), 'k');
    expect(await listDocFiles(folder)).toEqual(['kept.md']);
  });

  it('throws a LocalFileError with a hint for a missing, empty or non-folder path', async () => {
    await expect(listDocFiles(join(folder, 'missing'))).rejects.toThrow(LocalFileError);
    await expect(listDocFiles(folder)).rejects.toMatchObject({ hint: expect.stringContaining('--docs') });
    writeFileSync(join(folder, 'file.md'), 'x');
    await expect(listDocFiles(join(folder, 'file.md'))).rejects.toThrow(/is a file, not a folder/);
  });
});
