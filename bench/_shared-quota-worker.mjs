// Bench child: one worker process of a distributed bulk embedding job (from dist/), started by
// shared-quota.mjs. Args: <baseURL> <redisURL> <name> <workDir> '<{"shared":bool,"rpm":n}>'.
// Prints "ready", waits for a line on stdin, runs the worker, prints "report <json>".
import { Redis } from 'ioredis';
import { DashScope } from '../dist/index.js';
import { RateLimiter } from '../dist/production/index.js';
import { RedisRateStore, runBulkEmbedWorker } from '../dist/production/node/index.js';

const [baseURL, redisURL, name, workDir, optionsText] = process.argv.slice(2);
const options = JSON.parse(optionsText);
const apiKey = 'sk-bench-shared-quota';
const redis = options.shared ? new Redis(redisURL) : undefined;
const limiter = new RateLimiter({
  limits: { 'text-embedding-v4': { rpm: options.rpm } },
  ...(redis ? { store: new RedisRateStore({ client: redis, account: apiKey, region: 'singapore' }) } : {}),
});
process.stdout.write('ready\n');
await new Promise((resolve) => process.stdin.once('data', resolve));
process.stdin.pause();
const report = await runBulkEmbedWorker({
  redis: redisURL,
  name,
  workDir,
  client: new DashScope({ apiKey, baseURL, region: 'singapore' }),
  model: 'text-embedding-v4',
  dimension: 64,
  concurrency: 8,
  tokenCounting: 'estimate',
  limiter,
});
process.stdout.write(`report ${JSON.stringify(report)}\n`);
redis?.disconnect();
