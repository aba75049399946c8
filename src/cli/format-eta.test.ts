import { describe, expect, it } from 'vitest';
import { formatEta } from './format-eta.js';

describe('formatEta', () => {
  it('shows seconds under a minute, rounded', () => {
    expect(formatEta(0)).toBe('0s');
    expect(formatEta(44.6)).toBe('45s');
  });

  it('pads the seconds after the minutes and carries 59.6 s into the next minute', () => {
    expect(formatEta(65)).toBe('1m05s');
    expect(formatEta(59.6)).toBe('1m00s');
    expect(formatEta(18 * 60 + 59.7)).toBe('19m00s');
  });

  it('switches to hours and minutes past an hour', () => {
    expect(formatEta(3600)).toBe('1h00m');
    expect(formatEta(2 * 3600 + 7 * 60 + 10)).toBe('2h07m');
    expect(formatEta(3599.6)).toBe('1h00m');
  });

  it('prints -- when the time is unknown instead of NaN or Infinity', () => {
    for (const value of [undefined, Number.NaN, Number.POSITIVE_INFINITY, -1]) expect(formatEta(value)).toBe('--');
  });
});
