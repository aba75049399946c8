import { describe, expect, it } from 'vitest';
import { DenseMatrix } from './dense-matrix.js';

/** Reference: cosine in float64 of the float32 values, every row scored and sorted (ties: lower row). */
function cosineTopK(query: number[], vectors: Float32Array[], k: number): { index: number; score: number }[] {
  const norm = (vector: ArrayLike<number>) => Math.sqrt(Array.from(vector).reduce((sum, value) => sum + value * value, 0));
  const q = Float32Array.from(query);
  return vectors
    .map((vector, index) => {
      const dot = vector.reduce((sum, value, position) => sum + value * (q[position] as number), 0);
      const denominator = norm(vector) * norm(q);
      return { index, score: denominator === 0 ? 0 : dot / denominator };
    })
    .sort((left, right) => right.score - left.score || left.index - right.index)
    .slice(0, k);
}

const bytesOf = (vector: number[]) => {
  // Offset by one byte, as lmdb may hand out unaligned buffers.
  const padded = new Uint8Array(vector.length * 4 + 1);
  padded.set(new Uint8Array(Float32Array.from(vector).buffer), 1);
  return padded.subarray(1);
};

describe('DenseMatrix', () => {
  it('ranks rows exactly as a cosine scan of the same float32 vectors does, zero rows scoring 0', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 2 - 1;
    const vectors = Array.from({ length: 300 }, (_, row) => (row === 5 ? new Array<number>(37).fill(0) : Array.from({ length: 37 }, random)));
    const matrix = new DenseMatrix(37, vectors.length);
    vectors.forEach((vector, row) => matrix.set(row, `k${row}`, bytesOf(vector)));
    const query = Array.from({ length: 37 }, random);
    const expected = cosineTopK(query, vectors.map((vector) => Float32Array.from(vector)), 10);
    const hits = matrix.search(query, 10);
    expect(hits.map((hit) => hit.key)).toEqual(expected.map((candidate) => `k${candidate.index}`));
    hits.forEach((hit, position) => expect(hit.score).toBeCloseTo(expected[position]!.score, 5));
    expect(matrix.search(new Array<number>(37).fill(0), 3).every((hit) => hit.score === 0)).toBe(true);
  });

  it('refuses a query of another dimension', () => {
    expect(() => new DenseMatrix(4, 1).search([1, 2, 3], 1)).toThrow(RangeError);
  });
});
