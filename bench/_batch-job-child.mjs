// Bench helper: runs one batch embedding job (runBatchEmbedJob, from dist/) in this process and reports its
// peak RSS. argv: <emulator url> <input> <output> <options json>. Prints one JSON line with the result.
import { DashScope } from '../dist/index.js';
import { runBatchEmbedJob } from '../dist/production/node/index.js';

const [url, input, output, json] = process.argv.slice(2);
const options = JSON.parse(json ?? '{}');
const samples = [];
const timer = setInterval(() => samples.push(process.memoryUsage().rss), 250);
const client = new DashScope({ apiKey: 'sk-test-bench-batch', baseURL: url, region: 'cn-beijing', timeout: 600_000 });
const started = performance.now();
const report = await runBatchEmbedJob({
  client,
  input,
  output,
  model: 'text-embedding-v4',
  dimension: options.dimension,
  pollIntervalMs: 100,
  maxPollIntervalMs: 1_000,
  ...(options.maxActiveBatches ? { maxActiveBatches: options.maxActiveBatches } : {}),
});
clearInterval(timer);
const wallMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    peakRss: process.resourceUsage().maxRSS * 1024,
    medianRss: samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0,
    lines: report.lines,
    batches: report.batches,
    uploaded: report.uploaded,
    failed: report.failures.length,
    tokens: report.tokens,
    cost: report.cost,
    syncCost: report.syncCost,
  })}\n`,
);
