// Bench helper: a deliberately simple approximate store, there to check that bench/vector-stores.mjs measures
// recall (an ANN store must score below the exact scan) before real ANN stores are plugged in. Inverted file:
// the first `lists` vectors received become list centroids, every vector joins the list of its nearest centroid,
// a query scans the `probes` lists nearest to it. Same VectorStore subset as _exact-scan-store.mjs.
import { dot, topK } from './_exact-scan-store.mjs';

export function createIvfStore({ dimension, count, probes = 8 }) {
  const lists = Math.max(1, Math.round(Math.sqrt(count) / 4));
  const centroids = new Float32Array(lists * dimension);
  let centroidCount = 0;
  const members = Array.from({ length: lists }, () => []);
  const vectors = new Float32Array(count * dimension);
  const keys = [];
  const nearestLists = (vector, offset, wanted) => {
    const best = topK(wanted);
    for (let list = 0; list < centroidCount; list++) best.offer(dot(centroids, list * dimension, vector, offset, dimension), list);
    return best.take().map(({ id }) => id);
  };
  return {
    location: `memory (IVF, ${lists} lists, ${probes} probed)`,
    async putVectors(set, batch) {
      for (const { key, dense } of batch) {
        if (dense.length !== dimension) throw new RangeError(`vector ${key} has ${dense.length} dimensions, not ${dimension}`);
        if (keys.length >= count) throw new RangeError(`this store was made for ${count} vectors`);
        const at = keys.length;
        vectors.set(dense, at * dimension);
        keys.push(key);
        if (centroidCount < lists) centroids.set(dense, centroidCount++ * dimension);
        members[nearestLists(vectors, at * dimension, 1)[0]].push(at);
      }
    },
    async searchDense(set, query, k) {
      const best = topK(k);
      for (const list of nearestLists(query, 0, probes)) {
        for (const id of members[list]) best.offer(dot(vectors, id * dimension, query, 0, dimension), id);
      }
      return best.take().map(({ id, score }) => ({ key: keys[id], score }));
    },
    async vectorCount() {
      return keys.length;
    },
    async close() {},
  };
}
