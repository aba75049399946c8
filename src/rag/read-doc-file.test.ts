import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileError } from './local-file-error.js';
import { readDocFile } from './read-doc-file.js';

let folder: string;

beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-doc-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('readDocFile', () => {
  it('reads UTF-8 text without its byte-order mark and hashes the bytes', async () => {
    writeFileSync(join(folder, 'a.md'), '\ufeff# Café');
    const doc = await readDocFile(folder, 'a.md');
    expect(doc).toMatchObject({ file: 'a.md', content: '# Café' });
    expect(doc.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('marks a file with NUL bytes as binary and one that is not UTF-8 as invalid', async () => {
    writeFileSync(join(folder, 'bin.md'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01]));
    writeFileSync(join(folder, 'latin.txt'), Buffer.from([0x63, 0x61, 0x66, 0xe9]));
    expect(await readDocFile(folder, 'bin.md')).toMatchObject({ skipped: 'binary', content: undefined });
    expect(await readDocFile(folder, 'latin.txt')).toMatchObject({ skipped: 'invalid-utf8', content: undefined });
  });

  it('throws a LocalFileError naming a file it cannot read', async () => {
    await expect(readDocFile(folder, 'gone.md')).rejects.toThrow(LocalFileError);
    await expect(readDocFile(folder, 'gone.md')).rejects.toThrow(/Cannot read .*gone\.md \(ENOENT\)/);
  });
});
