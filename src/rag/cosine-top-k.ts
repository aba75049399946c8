/** A candidate from {@link cosineTopK}: its position in the searched list and its cosine similarity. */
export interface ScoredIndex {
  index: number;
  /** Cosine similarity in [-1, 1]. */
  score: number;
}

function norm(vector: ArrayLike<number>): number {
  let sum = 0;
  for (let index = 0; index < vector.length; index++) sum += (vector[index] as number) ** 2;
  return Math.sqrt(sum);
}

/**
 * The `k` vectors most similar to `query` by cosine similarity, best first (ties: lower index first).
 * Vectors of zero length score 0. All vectors must have the query's dimension.
 *
 * @throws RangeError when a vector's dimension differs from the query's.
 */
export function cosineTopK(query: ArrayLike<number>, vectors: ReadonlyArray<ArrayLike<number>>, k: number): ScoredIndex[] {
  const queryNorm = norm(query);
  const scored: ScoredIndex[] = vectors.map((vector, index) => {
    if (vector.length !== query.length) throw new RangeError(`Vector ${index} has ${vector.length} dimensions, the query ${query.length}.`);
    let dot = 0;
    for (let position = 0; position < vector.length; position++) dot += (vector[position] as number) * (query[position] as number);
    const denominator = norm(vector) * queryNorm;
    return { index, score: denominator === 0 ? 0 : dot / denominator };
  });
  scored.sort((left, right) => right.score - left.score || left.index - right.index);
  return scored.slice(0, Math.max(0, k));
}
