import { describe, expect, it } from 'vitest';
import { citedNumbers } from './cited-numbers.js';

describe('citedNumbers', () => {
  it('reads single, adjacent and comma-separated citations in order of first use', () => {
    expect(citedNumbers('A [2]. B [1][2]. C [3, 4].', 5)).toEqual([2, 1, 3, 4]);
  });

  it('ignores numbers outside the sources and bracketed words', () => {
    expect(citedNumbers('see [0], [9] and [<package-spec>] or [1]', 5)).toEqual([1]);
  });
});
