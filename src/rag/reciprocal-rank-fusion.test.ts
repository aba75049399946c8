import { describe, expect, it } from 'vitest';
import { reciprocalRankFusion } from './reciprocal-rank-fusion.js';

describe('reciprocalRankFusion', () => {
  it('ranks a key found by both rankings above keys that top only one, with 1/(60 + rank) scores', () => {
    const fused = reciprocalRankFusion([
      ['a', 'b', 'c'],
      ['d', 'c', 'a'],
    ]);
    expect(fused.map((hit) => hit.key)).toEqual(['a', 'c', 'd', 'b']);
    expect(fused[0]).toEqual({ key: 'a', score: 1 / 61 + 1 / 63, ranks: [1, 3] });
    expect(fused[2]).toEqual({ key: 'd', score: 1 / 61, ranks: [null, 1] });
  });

  it('breaks ties by first appearance and counts a repeated key at its best rank', () => {
    const fused = reciprocalRankFusion([['x', 'y', 'x'], ['y', 'x']], 0);
    expect(fused.map((hit) => [hit.key, hit.score])).toEqual([['x', 1.5], ['y', 1.5]]);
  });

  it('rejects a negative k', () => {
    expect(() => reciprocalRankFusion([['a']], -1)).toThrow(RangeError);
  });
});
