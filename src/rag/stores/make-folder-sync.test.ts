import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { makeFolderSync } from './make-folder-sync.js';

let root: string;
afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('makeFolderSync', () => {
  it('creates a folder and its missing parents and accepts one that exists', () => {
    root = mkdtempSync(join(tmpdir(), 'make-folder-'));
    const deep = join(root, 'a', 'b', 'c');
    makeFolderSync(deep);
    makeFolderSync(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
  });

  it('fails with ENOTDIR when an ancestor is a file', () => {
    root = mkdtempSync(join(tmpdir(), 'make-folder-'));
    writeFileSync(join(root, 'file'), 'x');
    expect(() => makeFolderSync(join(root, 'file', 'sub'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }));
  });

  it('returns at once with an error for a folder under /proc, where recursive mkdir never returns', () => {
    root = mkdtempSync(join(tmpdir(), 'make-folder-'));
    expect(() => makeFolderSync('/proc/dashscope-kit-test/idx')).toThrow(expect.objectContaining({ code: 'ENOENT' }));
  });
});
