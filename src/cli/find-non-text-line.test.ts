import { describe, expect, it } from 'vitest';
import { findNonTextLine } from './find-non-text-line.js';

describe('findNonTextLine', () => {
  it('returns undefined for UTF-8 text in any chunking', async () => {
    const bytes = Buffer.from('héllo\nwörld 茶\n');
    expect(await findNonTextLine([bytes])).toBeUndefined();
    expect(await findNonTextLine([...bytes].map((byte) => Buffer.from([byte])))).toBeUndefined();
  });

  it('names the first line with a NUL byte', async () => {
    expect(await findNonTextLine([Buffer.from('a\nb\nc'), Buffer.from([0x00, 0x0a])])).toEqual({ line: 3, reason: 'binary' });
  });

  it('names a line with invalid UTF-8 even when its bytes span two chunks', async () => {
    expect(await findNonTextLine([Buffer.from('ok\nbad '), Buffer.from([0xc3]), Buffer.from([0x28, 0x0a])])).toEqual({ line: 2, reason: 'invalid-utf8' });
  });

  it('checks a last line without a newline', async () => {
    expect(await findNonTextLine([Buffer.from([0x61, 0x0a, 0xff])])).toEqual({ line: 2, reason: 'invalid-utf8' });
  });
});
