import { TopK } from './top-k.js';
import type { VectorHit } from './vector-store.js';

/**
 * The dense vectors of one set in one contiguous `Float32Array` (row `i` = `keys[i]`), with each row's
 * inverse norm precomputed, for an exact cosine scan without per-row decoding: 4 × dimension bytes per
 * vector in RAM (100,000 × 1024 → 410 MB); sums run in float64. Rows are filled once with {@link DenseMatrix.set}.
 */
export class DenseMatrix {
  readonly dimension: number;
  readonly keys: string[];
  readonly #data: Float32Array;
  readonly #inverseNorms: Float64Array;

  /** @param rows how many vectors the matrix holds. */
  constructor(dimension: number, rows: number) {
    this.dimension = dimension;
    this.keys = new Array<string>(rows);
    this.#data = new Float32Array(rows * dimension);
    this.#inverseNorms = new Float64Array(rows);
  }

  /** Row `row` becomes `key` with the float32 little-endian `bytes` of its vector (any alignment). */
  set(row: number, key: string, bytes: Uint8Array): void {
    const offset = row * this.dimension;
    new Uint8Array(this.#data.buffer, offset * 4, this.dimension * 4).set(bytes.subarray(0, this.dimension * 4));
    let norm = 0;
    for (let position = offset; position < offset + this.dimension; position++) norm += (this.#data[position] as number) ** 2;
    this.keys[row] = key;
    this.#inverseNorms[row] = norm === 0 ? 0 : 1 / Math.sqrt(norm);
  }

  /**
   * The `k` rows nearest `query` by cosine similarity, best first (ties: the lower row). Rows of zero
   * length score 0. @throws RangeError when `query` is not of the matrix's dimension.
   */
  search(query: ArrayLike<number>, k: number): VectorHit[] {
    const dimension = this.dimension;
    if (query.length !== dimension) throw new RangeError(`The query has ${query.length} dimensions, the set ${dimension}.`);
    const unit = Float64Array.from(query);
    let norm = 0;
    for (let position = 0; position < dimension; position++) norm += (unit[position] as number) ** 2;
    const scale = norm === 0 ? 0 : 1 / Math.sqrt(norm);
    const data = this.#data;
    const best = new TopK(k);
    for (let row = 0, offset = 0; row < this.keys.length; row++, offset += dimension) {
      let a = 0;
      let b = 0;
      let c = 0;
      let d = 0;
      let position = 0;
      for (; position + 3 < dimension; position += 4) {
        a += (data[offset + position] as number) * (unit[position] as number);
        b += (data[offset + position + 1] as number) * (unit[position + 1] as number);
        c += (data[offset + position + 2] as number) * (unit[position + 2] as number);
        d += (data[offset + position + 3] as number) * (unit[position + 3] as number);
      }
      for (; position < dimension; position++) a += (data[offset + position] as number) * (unit[position] as number);
      best.offer(this.keys[row] as string, (a + b + c + d) * scale * (this.#inverseNorms[row] as number));
    }
    return best.hits();
  }
}
