import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import { decimalOption, integerOption } from './parse-number-option.js';

describe('integerOption', () => {
  it('accepts whole numbers in range', () => {
    expect(integerOption(1, 10)('7')).toBe(7);
  });

  it('refuses decimals, words and numbers out of range with the range in the message', () => {
    expect(() => integerOption(1, 10)('1.5')).toThrow(InvalidArgumentError);
    expect(() => integerOption(1, 10)('ten')).toThrow('from 1 to 10');
    expect(() => integerOption(1)('0')).toThrow('≥ 1');
  });
});

describe('decimalOption', () => {
  it('accepts numbers in range and refuses the rest', () => {
    expect(decimalOption(0, 2)('0.7')).toBe(0.7);
    expect(() => decimalOption(0, 2)('3')).toThrow('from 0 to 2');
    expect(() => decimalOption(0, 2)('')).toThrow(InvalidArgumentError);
  });
});
