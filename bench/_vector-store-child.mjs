// Bench helper: one contender of bench/vector-stores.mjs in its own process (so its peak RSS is its own).
// argv[2] is a JSON spec: { name, module (file URL), factory (export name), count, dimension, queries, seed, k,
// buildLimitMs, truthFile, writeTruth, check }. Regenerates the seeded vectors, builds the store through
// factory({ dimension, count, folder }) → VectorStore with putVectors in batches, times a first query and then
// every query, and sends one result object over IPC. With writeTruth it writes its top-k ids (the ground truth,
// Int32Array queries × k) to truthFile; otherwise it reads truthFile and reports recall@k against it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syntheticVectors } from './_synthetic-vectors.mjs';

const BATCH = 1_000;
const spec = JSON.parse(process.argv[2]);
const { count, dimension, k } = spec;
const result = { name: spec.name, count, dimension };
const peakRssMB = () => (process.resourceUsage().maxRSS * 1024) / 1e6;
const send = (extra) => new Promise((resolve) => process.send({ peakRssMB: peakRssMB(), ...result, ...extra }, resolve));

const create = (await import(spec.module))[spec.factory];
if (typeof create !== 'function') throw new Error(`${spec.module} has no export ${spec.factory}`);
const { data, queries, sources } = syntheticVectors({ count, dimension, queries: spec.queries, seed: spec.seed });
result.dataRssMB = process.memoryUsage().rss / 1e6;
const folder = mkdtempSync(join(tmpdir(), 'vector-store-'));
const set = { source: 'bench', model: 'synthetic', dimension };
const row = (array, i) => array.subarray(i * dimension, (i + 1) * dimension);

const started = performance.now();
const store = await create({ dimension, count, folder });
result.location = store.location;
for (let first = 0; first < count; first += BATCH) {
  const batch = [];
  for (let i = first; i < Math.min(count, first + BATCH); i++) batch.push({ key: `v${i}`, dense: row(data, i) });
  await store.putVectors(set, batch);
  if (performance.now() - started > spec.buildLimitMs) {
    await send({ error: `not built within ${(spec.buildLimitMs / 60_000).toFixed(0)} min (${first + batch.length} of ${count} vectors stored)` });
    process.exit(0);
  }
}
result.buildMs = performance.now() - started;
result.stored = await store.vectorCount(set);

const idsOf = (hits) => hits.map((hit) => Number(hit.key.slice(1)));
const firstStarted = performance.now();
await store.searchDense(set, row(queries, 0), k);
result.firstQueryMs = performance.now() - firstStarted;
const times = [];
const found = new Int32Array(spec.queries * k).fill(-1);
for (let q = 0; q < spec.queries; q++) {
  const queryStarted = performance.now();
  const hits = await store.searchDense(set, row(queries, q), k);
  times.push(performance.now() - queryStarted);
  found.set(idsOf(hits).slice(0, k), q * k);
}
times.sort((a, b) => a - b);
const percentile = (p) => times[Math.min(times.length - 1, Math.ceil((p / 100) * times.length) - 1)];
result.p50Ms = percentile(50);
result.p99Ms = percentile(99);

result.peakRssMB = peakRssMB();
if (spec.writeTruth) writeFileSync(spec.truthFile, Buffer.from(found.buffer));
const truth = new Int32Array(new Uint8Array(readFileSync(spec.truthFile)).buffer);
let overlap = 0;
for (let q = 0; q < spec.queries; q++) {
  const expected = new Set(truth.subarray(q * k, (q + 1) * k));
  for (const id of found.subarray(q * k, (q + 1) * k)) if (expected.has(id)) overlap++;
}
result.recall = overlap / (spec.queries * k);

if (spec.check) {
  // The ground truth checked two ways: each query's source row should be among its k nearest (queries are drawn
  // near it), and the library's own brute force (DenseMatrix, the embedded store's scan) must agree on the first queries.
  let sourceFound = 0;
  for (let q = 0; q < spec.queries; q++) if (found.subarray(q * k, (q + 1) * k).includes(sources[q])) sourceFound++;
  const { DenseMatrix } = await import('../dist/rag/stores/dense-matrix.js');
  const matrix = new DenseMatrix(dimension, count);
  for (let i = 0; i < count; i++) {
    const vector = row(data, i);
    matrix.set(i, `v${i}`, new Uint8Array(vector.buffer, vector.byteOffset, vector.byteLength));
  }
  const compared = Math.min(3, spec.queries);
  let agreeing = 0;
  for (let q = 0; q < compared; q++) {
    const library = idsOf(matrix.search(row(queries, q), k));
    if (library.every((id, position) => id === found[q * k + position])) agreeing++;
  }
  result.check = { sourceInTopK: sourceFound / spec.queries, agreesWithDenseMatrix: `${agreeing}/${compared}` };
}
await store.close();
rmSync(folder, { recursive: true, force: true });
await send({});
process.exit(0);
