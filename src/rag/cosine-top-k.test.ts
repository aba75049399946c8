import { describe, expect, it } from 'vitest';
import { cosineTopK } from './cosine-top-k.js';

describe('cosineTopK', () => {
  it('ranks vectors by cosine similarity whatever their length', () => {
    const result = cosineTopK([1, 0], [[0, 1], [10, 0], [1, 1]], 3);
    expect(result.map((entry) => entry.index)).toEqual([1, 2, 0]);
    expect(result[0]?.score).toBeCloseTo(1);
    expect(result[1]?.score).toBeCloseTo(Math.SQRT1_2);
    expect(result[2]?.score).toBeCloseTo(0);
  });

  it('returns at most k results and breaks ties by position', () => {
    expect(cosineTopK([1, 0], [[2, 0], [1, 0], [0, 1]], 2)).toEqual([
      { index: 0, score: 1 },
      { index: 1, score: 1 },
    ]);
  });

  it('scores a zero vector as 0 instead of NaN', () => {
    expect(cosineTopK([1, 0], [[0, 0]], 1)).toEqual([{ index: 0, score: 0 }]);
  });

  it('refuses a vector of another dimension', () => {
    expect(() => cosineTopK([1, 0], [[1, 0, 0]], 1)).toThrow(RangeError);
  });
});
