import { DashScope } from '../client.js';
import { runBulkEmbedJob } from '../production/node/run-bulk-embed-job.js';

const [baseURL, input, output, options] = process.argv.slice(2);
const extra = JSON.parse(options ?? '{}') as { dimension?: number; concurrency?: number; timeout?: number };
const client = new DashScope({ apiKey: 'sk-test-bulk-child', baseURL, region: 'singapore' });
const report = await runBulkEmbedJob({
  client,
  input: input!,
  output: output!,
  model: 'text-embedding-v4',
  dimension: extra.dimension ?? 64,
  concurrency: extra.concurrency ?? 4,
  ...(extra.timeout !== undefined ? { timeout: extra.timeout } : {}),
  progressIntervalMs: 20,
  onProgress: (progress) => process.stdout.write(`progress ${progress.linesDone} ${progress.stats.requests}\n`),
});
process.stdout.write(`report ${JSON.stringify({ lines: report.lines, resumedFrom: report.resumedFrom, stats: report.stats, failures: report.failures.length })}\n`);
