import { DashScope } from '../client.js';
import { runBatchEmbedJob } from '../production/node/run-batch-embed-job.js';

const [baseURL, input, output, options] = process.argv.slice(2);
const extra = JSON.parse(options ?? '{}') as { dimension?: number; linesPerBatch?: number; maxActiveBatches?: number };
const client = new DashScope({ apiKey: 'sk-test-batch-child', baseURL, region: 'cn-beijing' });
process.stdout.write('ready\n');
const report = await runBatchEmbedJob({
  client,
  input: input!,
  output: output!,
  model: 'text-embedding-v4',
  dimension: extra.dimension ?? 64,
  linesPerBatch: extra.linesPerBatch ?? 500,
  maxActiveBatches: extra.maxActiveBatches ?? 3,
  pollIntervalMs: 10,
  maxPollIntervalMs: 40,
  onProgress: (progress) => process.stdout.write(`progress ${progress.linesDone} ${progress.partsDone}/${progress.parts}\n`),
});
process.stdout.write(`report ${JSON.stringify(report)}\n`);
