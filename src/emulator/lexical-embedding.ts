import { hashTerm } from './hash-term.js';
import { isStopword } from './is-stopword.js';
import { lexicalTerms } from './lexical-terms.js';

const STOPWORD_WEIGHT = 0.25;

/**
 * The emulator's deterministic, lexical embedding: not a neural model and never presented as Qwen.
 *
 * Each {@link lexicalTerms} term is hashed ({@link hashTerm}) to one of `dimension` buckets with a
 * sign taken from the hash, weighted by `1 + ln(term frequency)` (stopwords × 0.25), and the vector is
 * L2-normalised. Cosine similarity between two vectors therefore follows their word overlap. Text with
 * no letters or digits is hashed as a whole so that it still gets a unit vector.
 *
 * Every component is rounded to float32 (`Math.fround`), so a vector survives a round trip through a
 * `Float32Array` bit-for-bit; the norm is 1 within float32 rounding. The same `(text, dimension)` always
 * gives the same vector, in any process, and `text_type` / `instruct` do not change it: this is the
 * function to compare emulator output against.
 *
 * @param dimension vector length (DashScope dims: 64 … 2048; any positive integer works here).
 * @throws RangeError when `dimension` is not a positive integer.
 */
export function lexicalEmbedding(text: string, dimension: number): number[] {
  if (!Number.isInteger(dimension) || dimension < 1) throw new RangeError(`dimension must be a positive integer, got ${dimension}`);
  const counts = new Map<string, number>();
  const terms = lexicalTerms(text);
  if (terms.length === 0) terms.push(text);
  for (const term of terms) counts.set(term, (counts.get(term) ?? 0) + 1);
  const sums = new Float64Array(dimension);
  for (const [term, count] of counts) {
    const hash = hashTerm(term);
    const weight = (1 + Math.log(count)) * (isStopword(term) ? STOPWORD_WEIGHT : 1);
    const bucket = hash % dimension;
    sums[bucket] = (sums[bucket] as number) + (hash & 0x80000000 ? -weight : weight);
  }
  let squares = 0;
  for (let index = 0; index < dimension; index++) squares += (sums[index] as number) ** 2;
  const vector = new Array<number>(dimension);
  if (squares === 0) {
    vector.fill(0);
    vector[hashTerm(text) % dimension] = 1;
    return vector;
  }
  const scale = 1 / Math.sqrt(squares);
  for (let index = 0; index < dimension; index++) vector[index] = Math.fround((sums[index] as number) * scale);
  return vector;
}
