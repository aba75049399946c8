import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileError } from '../cli-errors.js';
import { readDocFiles } from './read-doc-files.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-docs-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('readDocFiles', () => {
  it('finds Markdown and text files recursively, sorted, with relative slash paths and hashes', async () => {
    mkdirSync(join(folder, 'sub'));
    writeFileSync(join(folder, 'b.md'), '# B');
    writeFileSync(join(folder, 'sub', 'a.txt'), 'A');
    writeFileSync(join(folder, 'image.png'), 'x');
    const files = await readDocFiles(folder);
    expect(files.map((file) => file.file)).toEqual(['b.md', 'sub/a.txt']);
    expect(files[0]?.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(files[0]?.content).toBe('# B');
  });

  it('skips hidden folders, node_modules and the index folder', async () => {
    for (const name of ['.git', 'node_modules', '.dashscope-kit']) {
      mkdirSync(join(folder, name));
      writeFileSync(join(folder, name, 'x.md'), 'x');
    }
    writeFileSync(join(folder, 'kept.md'), 'k');
    expect((await readDocFiles(folder)).map((file) => file.file)).toEqual(['kept.md']);
  });

  it('throws a LocalFileError with a hint for a missing or empty folder', async () => {
    await expect(readDocFiles(join(folder, 'missing'))).rejects.toThrow(LocalFileError);
    await expect(readDocFiles(folder)).rejects.toMatchObject({ hint: expect.stringContaining('--docs') });
  });
});
