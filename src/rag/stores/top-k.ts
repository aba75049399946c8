import type { VectorHit } from './vector-store.js';

/**
 * Keeps the `k` best-scoring keys offered to it, best first; ties keep the key offered first. A sorted
 * array with binary insertion: O(log k) per offer that beats the current worst, O(1) for the rest.
 */
export class TopK {
  readonly #k: number;
  readonly #hits: VectorHit[] = [];

  /** @param k how many to keep (0 or less keeps none). */
  constructor(k: number) {
    this.#k = Math.max(0, Math.floor(k));
  }

  /** Considers `key` with `score` (higher is better). */
  offer(key: string, score: number): void {
    const hits = this.#hits;
    if (hits.length === this.#k && (this.#k === 0 || score <= (hits[hits.length - 1] as VectorHit).score)) return;
    let low = 0;
    let high = hits.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((hits[middle] as VectorHit).score >= score) low = middle + 1;
      else high = middle;
    }
    hits.splice(low, 0, { key, score });
    if (hits.length > this.#k) hits.pop();
  }

  /** The kept hits, best first. */
  hits(): VectorHit[] {
    return [...this.#hits];
  }
}
