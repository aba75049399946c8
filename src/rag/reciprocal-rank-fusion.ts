/** Default `k` of {@link reciprocalRankFusion}, the constant of Cormack, Clarke & Büttcher (SIGIR 2009). */
export const RRF_K = 60;

/** One fused candidate: its key, fused score and 1-based rank in each input ranking (`null` where absent). */
export interface FusedHit {
  key: string;
  /** Σ 1 / (k + rank) over the rankings holding the key. */
  score: number;
  ranks: (number | null)[];
}

/**
 * Reciprocal rank fusion: merges rankings (keys best first) by Σ 1 / (`k` + rank), so a key near the top of
 * several rankings beats one at the top of a single ranking, and raw scores of different kinds (cosine,
 * sparse inner product) never need to be compared. Best first; ties keep the order of first appearance
 * (ranking by ranking). Keys repeated within one ranking count at their best rank.
 *
 * @throws RangeError when `k` is negative or not finite.
 */
export function reciprocalRankFusion(rankings: ReadonlyArray<readonly string[]>, k: number = RRF_K): FusedHit[] {
  if (!Number.isFinite(k) || k < 0) throw new RangeError(`k must be a finite number ≥ 0, got ${k}.`);
  const fused = new Map<string, FusedHit>();
  for (const [which, ranking] of rankings.entries()) {
    for (const [position, key] of ranking.entries()) {
      let hit = fused.get(key);
      if (!hit) {
        hit = { key, score: 0, ranks: rankings.map(() => null) };
        fused.set(key, hit);
      }
      if (hit.ranks[which] !== null) continue;
      hit.ranks[which] = position + 1;
      hit.score += 1 / (k + position + 1);
    }
  }
  const order = [...fused.values()];
  return order.map((hit, position) => ({ hit, position })).sort((left, right) => right.hit.score - left.hit.score || left.position - right.position).map(({ hit }) => hit);
}
