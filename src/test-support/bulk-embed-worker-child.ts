// One worker process of a distributed bulk embedding job, for tests and benches:
// node --import ./src/test-support/register-ts-loader.mjs bulk-embed-worker-child.ts <baseURL> <redisURL> <name> <workDir> '<options json>'
import { Redis } from 'ioredis';
import { DashScope } from '../client.js';
import { RateLimiter } from '../production/rate-limiter.js';
import { RedisRateStore } from '../production/node/redis-rate-store.js';
import { runBulkEmbedWorker } from '../production/node/run-bulk-embed-worker.js';

const [baseURL, redisURL, name, workDir, optionsText] = process.argv.slice(2);
const options = JSON.parse(optionsText ?? '{}') as { shared: boolean; rpm: number; maxConcurrency?: number; leaseMs?: number; lockDurationMs?: number; concurrency?: number };
const apiKey = 'sk-test-distributed-bulk';
const client = new DashScope({ apiKey, baseURL, region: 'singapore' });
const redis = options.shared ? new Redis(redisURL!) : undefined;
const limiter = new RateLimiter({
  limits: { 'text-embedding-v4': { rpm: options.rpm, ...(options.maxConcurrency ? { maxConcurrency: options.maxConcurrency } : {}) } },
  ...(redis ? { store: new RedisRateStore({ client: redis, account: apiKey, region: 'singapore' }) } : {}),
  ...(options.leaseMs ? { leaseMs: options.leaseMs } : {}),
});
// Loaded (with the embedding wire schemas and zod, which the SDK otherwise loads on the first call): say so, and
// start when the parent says go (so process start-up is outside its measurements).
await import('../wire/embeddings.js');
process.stdout.write('ready\n');
await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
process.stdin.pause();
const report = await runBulkEmbedWorker({
  redis: redisURL!,
  name: name!,
  workDir: workDir!,
  client,
  model: 'text-embedding-v4',
  dimension: 64,
  concurrency: options.concurrency ?? 8,
  tokenCounting: 'estimate',
  limiter,
  ...(options.lockDurationMs ? { lockDurationMs: options.lockDurationMs } : {}),
  onChunk: (chunk) => process.stdout.write(`chunk ${chunk.index}\n`),
});
process.stdout.write(`report ${JSON.stringify(report)}\n`);
redis?.disconnect();
