// Vector stores side by side: build time, p50/p99 query latency, recall@10 against exact search and peak RSS,
// each contender in its own process over the same seeded clustered unit vectors (bench/_synthetic-vectors.mjs),
// queries drawn near data points. Contenders: the brute-force scan (exact cosine over a Float32Array, also the
// ground truth), a simple in-bench IVF store (checks that the harness measures recall below 1), and every store
// given with --store; by default the library's embedded store and its pgvector store (bench/_rag-stores.mjs). A store is a factory module: `export async function <factory>({ dimension, count, folder })`
// returning a VectorStore (src/rag/stores/vector-store.ts; the bench calls putVectors in batches of 1,000,
// searchDense, vectorCount and close). A store that does not build within --build-limit-min is reported as such.
//
//   node bench/vector-stores.mjs                      quick: 5,000 × 1024 and 50,000 × 256, 200 queries, 2 min build limit (~6 min)
//   node bench/vector-stores.mjs --full               the issue's sizes: 100,000 × 1024 and 1,000,000 × 256, 500 queries
//   node bench/vector-stores.mjs --sizes 100000x1024 --queries 300 --store 'embedded=dist/rag/stores/x.js#createX'
//   node bench/vector-stores.mjs --sizes 100000x1024 --only pgvector --build-limit-min 20 --report vector-stores-pgvector.md
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { machine, writeReport } from './report.mjs';

const K = 10;
const SEED = 14;
const { values } = parseArgs({
  options: {
    full: { type: 'boolean', default: false },
    sizes: { type: 'string' },
    queries: { type: 'string' },
    store: { type: 'string', multiple: true, default: [] },
    'build-limit-min': { type: 'string' },
    only: { type: 'string' },
    report: { type: 'string' },
  },
});
const sizes = (values.sizes ?? (values.full ? '100000x1024,1000000x256' : '5000x1024,50000x256')).split(',').map((size) => {
  const [count, dimension] = size.split('x').map(Number);
  if (!(count > 0 && dimension > 0)) throw new Error(`--sizes takes <count>x<dimension>[,...], got ${size}`);
  return { count, dimension };
});
const queries = Number(values.queries ?? (values.full ? 500 : 200));
const buildLimitMs = Number(values['build-limit-min'] ?? (values.full ? 20 : 2)) * 60_000;
const here = (name) => pathToFileURL(fileURLToPath(new URL(name, import.meta.url))).href;
const allContenders = [
  { name: 'brute-force scan (exact, ground truth)', module: here('./_exact-scan-store.mjs'), factory: 'createExactScanStore', truth: true },
  { name: 'in-bench IVF (harness check)', module: here('./_ivf-store.mjs'), factory: 'createIvfStore' },
  { name: 'embedded store (LmdbVectorStore: lmdb + exact scan of a RAM matrix)', module: here('./_rag-stores.mjs'), factory: 'createEmbeddedStore' },
  { name: 'pgvector store (PostgresVectorStore, HNSW; PGlite over pglite-socket)', module: here('./_rag-stores.mjs'), factory: 'createPgvectorStore' },
  ...values.store.map((option) => {
    const match = /^([^=]+)=(.+)#([A-Za-z_$][\w$]*)$/.exec(option);
    if (!match) throw new Error(`--store takes name=<module path>#<factory export>, got ${option}`);
    return { name: match[1], module: pathToFileURL(resolve(match[2])).href, factory: match[3] };
  }),
];

// --only a,b keeps the contenders whose name contains one of the words (the exact scan always runs: it is the truth).
const only = values.only?.split(',').map((word) => word.trim().toLowerCase());
const contenders = allContenders.filter((contender) => contender.truth || !only || only.some((word) => contender.name.toLowerCase().includes(word)));

function runChild(spec) {
  const child = fork(fileURLToPath(new URL('./_vector-store-child.mjs', import.meta.url)), [JSON.stringify(spec)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let result;
  child.on('message', (message) => {
    result = message;
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), buildLimitMs + 15 * 60_000);
  return once(child, 'exit').then(([code, signal]) => {
    clearTimeout(timer);
    return result ?? { name: spec.name, count: spec.count, dimension: spec.dimension, error: `exited with ${signal ?? `code ${code}`} before reporting` };
  });
}

const sections = [];
const started = performance.now();
for (const { count, dimension } of sizes) {
  const folder = mkdtempSync(join(tmpdir(), 'vector-stores-'));
  const truthFile = join(folder, 'truth.bin');
  const results = [];
  for (const contender of contenders) {
    const spec = { ...contender, count, dimension, queries, seed: SEED, k: K, buildLimitMs, truthFile, writeTruth: contender.truth === true, check: contender.truth === true };
    const result = await runChild(spec);
    results.push(result);
    process.stdout.write(`${count}x${dimension} ${contender.name}: ${JSON.stringify(result)}\n`);
    if (contender.truth && result.error) throw new Error(`the exact scan failed: ${result.error}`);
  }
  rmSync(folder, { recursive: true, force: true });
  const rows = results.map((r) =>
    r.error
      ? `| ${r.name} | ${r.error} | | | | | | ${r.peakRssMB?.toFixed(0) ?? ''} |`
      : `| ${r.name} | **${(r.buildMs / 1000).toFixed(2)}** | ${r.firstQueryMs.toFixed(1)} | **${r.p50Ms.toFixed(2)}** | **${r.p99Ms.toFixed(2)}** | **${r.recall.toFixed(3)}** | ${r.dataRssMB.toFixed(0)} | ${r.peakRssMB.toFixed(0)} |`,
  );
  const check = results.find((r) => r.check)?.check;
  sections.push(`## ${count.toLocaleString('en')} vectors × ${dimension} dims

| store | build s | first query ms | p50 ms | p99 ms | recall@${K} | RSS with data MB | peak RSS MB |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Ground-truth checks: the query's source vector is in the exact top ${K} for ${(check.sourceInTopK * 100).toFixed(1)} % of queries;
the exact scan's top ${K} equals the library's DenseMatrix (the embedded store's scan) on ${check.agreesWithDenseMatrix} queries compared.`);
}
const totalSeconds = (performance.now() - started) / 1000;
writeReport(
  values.report ?? (values.full || values.sizes ? 'vector-stores.md' : 'vector-stores-quick.md'),
  `# Vector stores: build, query latency, recall@${K}, memory

${machine()}

Seeded clustered synthetic unit vectors (float32; ${'~'}100 vectors per cluster, per-cluster spread), ${queries} queries each drawn
near a data point (seed ${SEED}). Each contender runs in its own process: it regenerates the vectors ("RSS with
data" is the process with the vectors generated, before the store exists), builds the store with putVectors in
batches of 1,000 ("build"), answers one untimed-for-percentiles first query ("first query", where lazy index
builds show), then ${queries} timed searchDense(k = ${K}) calls one after another. Recall@${K} is the overlap with the
brute-force scan's top ${K}, averaged over queries. Peak RSS is the process's maximum resident set (data included).
Build limit ${(buildLimitMs / 60_000).toFixed(0)} min per store. Total run ${totalSeconds.toFixed(0)} s.

${sections.join('\n\n')}
`,
);
