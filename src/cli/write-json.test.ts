import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeJson } from './write-json.js';

describe('writeJson', () => {
  it('writes a nested value as one JSON document on exactly one line', () => {
    const stream = new PassThrough();
    writeJson(stream, { a: [1, { b: 'two\nlines' }], c: { d: null } });
    const text = (stream.read() as Buffer).toString('utf8');
    expect(text.endsWith('\n')).toBe(true);
    expect(text.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(text)).toEqual({ a: [1, { b: 'two\nlines' }], c: { d: null } });
  });
});
