// Bench helper: runs one bulk embedding job (from dist/) in this process and reports its peak RSS.
// argv: <emulator url> <input> <output> <options json>. Prints one JSON line with the result.
import { DashScope } from '../dist/index.js';
import { RateLimiter } from '../dist/production/index.js';
import { runBulkEmbedJob } from '../dist/production/node/index.js';

const [url, input, output, json] = process.argv.slice(2);
const options = JSON.parse(json ?? '{}');
const samples = [];
const timer = setInterval(() => samples.push(process.memoryUsage().rss), 250);
const client = new DashScope({ apiKey: 'sk-test-bench-rss', baseURL: url, region: 'singapore' });
const limiter = options.limiter ? new RateLimiter({ limits: { 'text-embedding-v4': options.limiter } }) : undefined;
const started = performance.now();
const report = await runBulkEmbedJob({
  client,
  input,
  output,
  model: 'text-embedding-v4',
  dimension: options.dimension,
  concurrency: options.concurrency ?? 8,
  ...(limiter ? { limiter } : {}),
  ...(options.tokenCounting ? { tokenCounting: options.tokenCounting } : {}),
});
clearInterval(timer);
const wallMs = performance.now() - started;
process.stdout.write(
  `${JSON.stringify({
    wallMs,
    peakRss: process.resourceUsage().maxRSS * 1024,
    lastRss: process.memoryUsage().rss,
    medianRss: samples.sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? 0,
    lines: report.lines,
    embedded: report.stats.embedded,
    failed: report.failures.length,
    requests: report.stats.requests,
    tokenizerLoaded: (await import('../dist/tokenizer/index.js')).isTokenizerLoaded(),
  })}\n`,
);
