import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { countLines, parseBulkInputLine, readLines } from './read-bulk-input.js';

let directory: string;
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'bulk-input-'));
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

async function collect(path: string): Promise<string[]> {
  const lines: string[] = [];
  for await (const line of readLines(path)) lines.push(line);
  return lines;
}

describe('readLines and countLines', () => {
  it('split on newlines only, drop a trailing carriage return and agree on the count', async () => {
    const path = join(directory, 'a.txt');
    writeFileSync(path, 'one\r\ntwo\rstill two\n\nlast without newline');
    expect(await collect(path)).toEqual(['one', 'two\rstill two', '', 'last without newline']);
    expect(await countLines(path)).toBe(4);
  });

  it('keep multi-byte characters whole across chunk boundaries', async () => {
    const path = join(directory, 'b.txt');
    const line = '数据'.repeat(40_000);
    writeFileSync(path, `${line}\n${line}\n`);
    expect(await collect(path)).toEqual([line, line]);
    expect(await countLines(path)).toBe(2);
  });

  it('count zero lines in an empty file', async () => {
    const path = join(directory, 'c.txt');
    writeFileSync(path, '');
    expect(await collect(path)).toEqual([]);
    expect(await countLines(path)).toBe(0);
  });
});

describe('parseBulkInputLine', () => {
  const jsonl = { format: 'jsonl' as const, textField: 'body', idField: 'key' };

  it('reads the text and id fields of a JSON object line', () => {
    expect(parseBulkInputLine('{"key":"k1","body":"hello"}', jsonl)).toEqual({ input: 'hello', id: 'k1' });
  });

  it('reports lines it cannot read as invalid, keeping the id when there is one', () => {
    expect(parseBulkInputLine('{"key":3,"text":"x"}', jsonl)).toEqual({ input: { failed: { reason: 'invalid', message: 'Line has no string "body" field.' } }, id: 3 });
    expect(parseBulkInputLine('{oops', jsonl).input).toEqual({ failed: { reason: 'invalid', message: 'Line is not valid JSON.' } });
    expect(parseBulkInputLine('[1,2]', jsonl).input).toMatchObject({ failed: { reason: 'invalid' } });
  });

  it('passes blank lines and text lines through as texts', () => {
    expect(parseBulkInputLine('  ', jsonl)).toEqual({ input: '  ', id: undefined });
    expect(parseBulkInputLine('{"not":"parsed"}', { ...jsonl, format: 'text' })).toEqual({ input: '{"not":"parsed"}', id: undefined });
  });
});
