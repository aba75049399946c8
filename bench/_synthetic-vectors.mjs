// Bench helper: seeded, clustered synthetic unit vectors and queries near data points, the same in every process
// for the same arguments (so each contender's child regenerates them instead of receiving gigabytes).
//
// Data: `clusters` unit centroids; each vector is a random centroid plus Gaussian noise of per-cluster spread
// (0.6…1.4 × the centroid's length, so a vector keeps cosine ≈ 0.45…0.75 with its centroid and neighbours in a
// cluster are close but not separated, as in real embeddings), L2-normalised, stored as float32.
// Queries: a random data point plus noise of 0.5 × its length, normalised (cosine ≈ 0.9 with that point).
import { createSeededRandom } from '../dist/emulator/seeded-random.js';

function gaussians(random) {
  let spare = null;
  return () => {
    if (spare !== null) {
      const value = spare;
      spare = null;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}

function normalise(vector) {
  let squares = 0;
  for (let i = 0; i < vector.length; i++) squares += vector[i] * vector[i];
  const scale = 1 / Math.sqrt(squares);
  for (let i = 0; i < vector.length; i++) vector[i] *= scale;
  return vector;
}

/**
 * `count` vectors of `dimension` floats in one Float32Array (row i at i × dimension), plus `queries` query
 * vectors and the data row each query was drawn near.
 */
export function syntheticVectors({ count, dimension, queries, seed = 1, clusters = Math.max(16, Math.round(count / 100)) }) {
  const random = createSeededRandom(seed);
  const gaussian = gaussians(random);
  const noise = 1 / Math.sqrt(dimension);
  const centroids = Array.from({ length: clusters }, () => normalise(Float64Array.from({ length: dimension }, gaussian)));
  const spreads = centroids.map(() => 0.6 + 0.8 * random());
  const data = new Float32Array(count * dimension);
  const row = new Float64Array(dimension);
  for (let i = 0; i < count; i++) {
    const cluster = Math.floor(random() * clusters);
    const centroid = centroids[cluster];
    const spread = spreads[cluster] * noise;
    for (let d = 0; d < dimension; d++) row[d] = centroid[d] + spread * gaussian();
    normalise(row);
    data.set(row, i * dimension);
  }
  const queryVectors = new Float32Array(queries * dimension);
  const sources = new Int32Array(queries);
  for (let q = 0; q < queries; q++) {
    const source = Math.floor(random() * count);
    sources[q] = source;
    for (let d = 0; d < dimension; d++) row[d] = data[source * dimension + d] + 0.5 * noise * gaussian();
    normalise(row);
    queryVectors.set(row, q * dimension);
  }
  return { data, queries: queryVectors, sources };
}
