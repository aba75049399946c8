import { describe, expect, it } from 'vitest';
import { TopK } from './top-k.js';

describe('TopK', () => {
  it('keeps the k best scores best first, the first offered winning a tie', () => {
    const best = new TopK(3);
    for (const [key, score] of [['a', 0.1], ['b', 0.9], ['c', 0.5], ['d', 0.9], ['e', 0.2], ['f', 0.05]] as const) best.offer(key, score);
    expect(best.hits()).toEqual([{ key: 'b', score: 0.9 }, { key: 'd', score: 0.9 }, { key: 'c', score: 0.5 }]);
  });

  it('keeps nothing for k = 0 and everything offered when fewer than k', () => {
    const none = new TopK(0);
    none.offer('a', 1);
    expect(none.hits()).toEqual([]);
    const few = new TopK(5);
    few.offer('a', -1);
    few.offer('b', 2);
    expect(few.hits().map((hit) => hit.key)).toEqual(['b', 'a']);
  });
});
