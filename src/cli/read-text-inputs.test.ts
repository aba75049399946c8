import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LocalFileError, UsageError } from './cli-errors.js';
import { readTextInputs } from './read-text-inputs.js';

let folder: string;
beforeEach(() => {
  folder = mkdtempSync(join(tmpdir(), 'dsk-inputs-'));
});
afterEach(() => {
  rmSync(folder, { recursive: true, force: true });
});

describe('readTextInputs', () => {
  it('takes each argument as one text', async () => {
    expect(await readTextInputs({ args: ['a', 'b c'], what: 'texts' })).toEqual([{ text: 'a' }, { text: 'b c' }]);
  });

  it('reads a file of lines and JSONL, skipping blank lines and keeping line numbers', async () => {
    const file = join(folder, 'in.txt');
    writeFileSync(file, 'plain text\r\n\n{"text": "from json", "id": 7}\n');
    expect(await readTextInputs({ args: [], file, what: 'texts' })).toEqual([
      { text: 'plain text', line: 1 },
      { text: 'from json', line: 3 },
    ]);
  });

  it('reads stdin when it is not a terminal', async () => {
    const stdin = Readable.from(['one\ntwo\n']);
    expect(await readTextInputs({ args: [], stdin, what: 'texts' })).toEqual([
      { text: 'one', line: 1 },
      { text: 'two', line: 2 },
    ]);
  });

  it('refuses bad input before anything is sent', async () => {
    await expect(readTextInputs({ args: [' '], what: 'texts' })).rejects.toThrow(UsageError);
    await expect(readTextInputs({ args: [], stdin: Readable.from(['{"text": 3}\n']), what: 'texts' })).rejects.toThrow('line 1');
    await expect(readTextInputs({ args: [], stdin: Readable.from(['{oops\n']), what: 'texts' })).rejects.toThrow('invalid JSON');
    await expect(readTextInputs({ args: [], stdin: Object.assign(Readable.from([]), { isTTY: true }), what: 'texts' })).rejects.toThrow('No texts');
    await expect(readTextInputs({ args: [], file: join(folder, 'missing'), what: 'texts' })).rejects.toThrow(LocalFileError);
  });
});
