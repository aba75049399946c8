// Bench helper: the brute-force scan as a store: exact cosine similarity over every vector, kept in one
// contiguous Float32Array with precomputed norms. The ground truth of bench/vector-stores.mjs. Implements the part
// of VectorStore (src/rag/stores/vector-store.ts) the store bench uses: putVectors, searchDense, vectorCount, close.

/** Keeps the `k` best (score, id) pairs seen, best first; ties keep the lower id. */
export function topK(k) {
  const scores = new Float64Array(k).fill(-Infinity);
  const ids = new Int32Array(k).fill(-1);
  return {
    offer(score, id) {
      if (score <= scores[k - 1]) return;
      let at = k - 1;
      while (at > 0 && score > scores[at - 1]) {
        scores[at] = scores[at - 1];
        ids[at] = ids[at - 1];
        at--;
      }
      scores[at] = score;
      ids[at] = id;
    },
    take() {
      const hits = [];
      for (let i = 0; i < k && ids[i] !== -1; i++) hits.push({ id: ids[i], score: scores[i] });
      return hits;
    },
  };
}

/** Dot product of two rows, four partial sums (about 2× a single running sum in V8). */
export function dot(left, leftOffset, right, rightOffset, dimension) {
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let d = 0;
  for (; d + 3 < dimension; d += 4) {
    s0 += left[leftOffset + d] * right[rightOffset + d];
    s1 += left[leftOffset + d + 1] * right[rightOffset + d + 1];
    s2 += left[leftOffset + d + 2] * right[rightOffset + d + 2];
    s3 += left[leftOffset + d + 3] * right[rightOffset + d + 3];
  }
  for (; d < dimension; d++) s0 += left[leftOffset + d] * right[rightOffset + d];
  return s0 + s1 + (s2 + s3);
}

export function createExactScanStore({ dimension, count = 1024 }) {
  let capacity = Math.max(1, count);
  let vectors = new Float32Array(capacity * dimension);
  let norms = new Float64Array(capacity);
  const keys = [];
  return {
    location: 'memory (exact scan)',
    async putVectors(set, batch) {
      if (set.dimension !== dimension) throw new RangeError(`set dimension ${set.dimension}, store ${dimension}`);
      while (keys.length + batch.length > capacity) {
        capacity *= 2;
        const grown = new Float32Array(capacity * dimension);
        grown.set(vectors);
        vectors = grown;
        const grownNorms = new Float64Array(capacity);
        grownNorms.set(norms);
        norms = grownNorms;
      }
      for (const { key, dense } of batch) {
        if (dense.length !== dimension) throw new RangeError(`vector ${key} has ${dense.length} dimensions, not ${dimension}`);
        const at = keys.length;
        vectors.set(dense, at * dimension);
        norms[at] = Math.sqrt(dot(vectors, at * dimension, vectors, at * dimension, dimension));
        keys.push(key);
      }
    },
    async searchDense(set, query, k) {
      const queryNorm = Math.sqrt(dot(query, 0, query, 0, dimension));
      const best = topK(k);
      for (let i = 0; i < keys.length; i++) {
        const denominator = norms[i] * queryNorm;
        best.offer(denominator === 0 ? 0 : dot(vectors, i * dimension, query, 0, dimension) / denominator, i);
      }
      return best.take().map(({ id, score }) => ({ key: keys[id], score }));
    },
    async vectorCount() {
      return keys.length;
    },
    async close() {},
  };
}
