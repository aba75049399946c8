import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { terminalColors } from './terminal-colors.js';

function stream(isTTY: boolean): PassThrough & { isTTY: boolean } {
  return Object.assign(new PassThrough(), { isTTY });
}

describe('terminalColors', () => {
  it('colours a terminal', () => {
    expect(terminalColors(stream(true), {}).red('x')).toBe('\u001b[31mx\u001b[39m');
  });

  it('does not colour a pipe or a file', () => {
    expect(terminalColors(stream(false), {}).red('x')).toBe('x');
  });

  it('respects NO_COLOR and TERM=dumb on a terminal', () => {
    expect(terminalColors(stream(true), { NO_COLOR: '1' }).red('x')).toBe('x');
    expect(terminalColors(stream(true), { TERM: 'dumb' }).red('x')).toBe('x');
  });

  it('colours a pipe when FORCE_COLOR is set', () => {
    expect(terminalColors(stream(false), { FORCE_COLOR: '1' }).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});
