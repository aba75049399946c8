// Shared quota (issue 13): what the Redis-backed RateLimiter store costs per permit beside the in-process
// limiter, and what it buys: 4 worker processes of one bulk embedding job on one emulator quota, with one
// RedisRateStore versus 4 independent in-process limiters (each believing it owns the quota).
// Needs redis-server (Debian's redis-server package); skipped with a note when it is missing.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { DashScope } from '../dist/index.js';
import { RateLimiter } from '../dist/production/index.js';
import { RedisRateStore, collectBulkEmbedJob, submitBulkEmbedJob } from '../dist/production/node/index.js';
import { startEmulator } from './_emulator-process.mjs';
import { machine, writeReport } from './report.mjs';

if (spawnSync('redis-server', ['--version']).status !== 0) {
  writeReport('shared-quota.md', '# Shared quota through Redis\n\nSkipped: no redis-server on this machine (apt-get install redis-server).\n');
  process.exit(0);
}

async function startRedis() {
  const port = await new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port: free } = server.address();
      server.close(() => resolve(free));
    });
  });
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise((resolve) => child.stdout.on('data', (chunk) => String(chunk).includes('Ready to accept') && resolve()));
  child.stdout.resume();
  return { url: `redis://127.0.0.1:${port}`, stop: () => new Promise((resolve) => (child.once('exit', resolve), child.kill('SIGTERM'))) };
}

const redis = await startRedis();
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

// --- 1. Overhead per permit: acquire + release, no waiting (a quota far above what is sent).
const limits = { m: { rpm: 1e9, tpm: 1e12 } };
async function sequential(limiter, count) {
  const started = performance.now();
  for (let n = 0; n < count; n++) (await limiter.acquire({ model: 'm', tokens: 100 })).release({ outcome: 'success', actualTokens: 90 });
  return ((performance.now() - started) * 1000) / count;
}
async function concurrent(limiters, loops, ms) {
  let permits = 0;
  const until = performance.now() + ms;
  await Promise.all(limiters.flatMap((limiter) => Array.from({ length: loops }, async () => {
    while (performance.now() < until) {
      (await limiter.acquire({ model: 'm', tokens: 100 })).release({ outcome: 'success', actualTokens: 90 });
      permits++;
    }
  })));
  return permits / (ms / 1000);
}
const clients = Array.from({ length: 4 }, () => new Redis(redis.url));
const storeLimiter = (client) => new RateLimiter({ limits, store: new RedisRateStore({ client, account: 'sk-bench', region: 'singapore' }) });
const rows = [];
for (const [label, make] of [['in-process store (default)', () => new RateLimiter({ limits })], ['RedisRateStore, 1 connection', () => storeLimiter(clients[0])]]) {
  await sequential(make(), 500);
  const perPermit = median([await sequential(make(), 3000), await sequential(make(), 3000), await sequential(make(), 3000)]);
  const one = await concurrent([make()], 16, 2000);
  rows.push({ label, perPermit, one });
}
const fourLimiters = await concurrent(clients.map(storeLimiter), 16, 3000);
for (const client of clients) client.disconnect();

// --- 2. Four worker processes, one emulator quota.
const RPM = 3000;
const BOUND = RPM / 60;
const LINES = 6000;
const emulator = await startEmulator({ seed: 5, latency: { fixedMs: 60, jitterMs: 40 }, rateLimits: { 'text-embedding-v4': { rpm: RPM } } });
await new DashScope({ apiKey: 'sk-bench-warm', baseURL: emulator.url }).embeddings.create({ model: 'text-embedding-v4', input: 'warm up', dimension: 64 });
const directory = mkdtempSync(join(tmpdir(), 'bench-shared-quota-'));
const input = join(directory, 'input.jsonl');
writeFileSync(input, Array.from({ length: LINES }, (_, n) => JSON.stringify({ id: n + 1, text: `entry ${n + 1} about ${['tides', 'ferns', 'granite'][n % 3]} ${n * 7919}` })).join('\n') + '\n');
const worker = fileURLToPath(new URL('./_shared-quota-worker.mjs', import.meta.url));

async function quotaRun(name, shared) {
  await emulator.reset();
  const workDir = join(directory, name);
  await submitBulkEmbedJob({ redis: redis.url, name, input, workDir, chunkLines: 200 });
  const children = Array.from({ length: 4 }, () => spawn(process.execPath, [worker, emulator.url, redis.url, name, workDir, JSON.stringify({ shared, rpm: RPM })], { stdio: ['pipe', 'pipe', 'inherit'] }));
  await Promise.all(children.map((child) => new Promise((resolve) => createInterface({ input: child.stdout }).on('line', (line) => line === 'ready' && resolve()))));
  const started = performance.now();
  for (const child of children) child.stdin.write('go\n');
  await Promise.all(children.map((child) => new Promise((resolve) => child.on('exit', resolve))));
  const wall = (performance.now() - started) / 1000;
  const collected = await collectBulkEmbedJob({ workDir, output: join(directory, `${name}.jsonl`) });
  const log = (await emulator.log()).filter((entry) => entry.model === 'text-embedding-v4');
  const accepted = log.filter((entry) => entry.outcome === 'accepted');
  const throttled = log.filter((entry) => entry.outcome === 'throttled');
  const first = log[0].at;
  const late = log.filter((entry) => entry.at - first >= 10_000);
  const seconds = (accepted.at(-1).at - accepted[0].at) / 1000;
  const upTo = Math.floor(accepted.length * 0.98) - 1;
  return {
    name,
    wall,
    lines: collected.lines,
    share: (accepted.length - 1) / seconds / BOUND,
    share98: upTo / ((accepted[upTo].at - accepted[0].at) / 1000) / BOUND,
    requests: log.length,
    throttledShare: throttled.length / log.length,
    lateThrottledShare: late.filter((entry) => entry.outcome === 'throttled').length / Math.max(1, late.length),
  };
}
const sharedRun = await quotaRun('shared', true);
const independentRun = await quotaRun('independent', false);
await emulator.close();
await redis.stop();
rmSync(directory, { recursive: true, force: true });

const pct = (value) => `${(value * 100).toFixed(1)} %`;
writeReport(
  'shared-quota.md',
  `# Shared quota through Redis (issue 13)

${machine()} · ${spawnSync('redis-server', ['--version']).stdout.toString().trim().split(' ').slice(0, 3).join(' ')}, on loopback

## Cost of a permit
acquire + release with nothing to wait for; sequential = one caller, median of 3 × 3,000 permits;
concurrent = 16 callers on one limiter for 2 s; the store's release is sent without waiting.

| store | µs per permit (sequential) | permits/s (16 concurrent) |
|---|---|---|
${rows.map((row) => `| ${row.label} | ${row.perPermit.toFixed(1)} | ${Math.round(row.one)} |`).join('\n')}

4 limiters on 4 connections against one Redis, 16 callers each: **${Math.round(fourLimiters)} permits/s** in all
(Redis runs each decision as one Lua script; these numbers are its ceiling on this machine).

## Four worker processes, one quota (${RPM} RPM = ${BOUND} requests/s for text-embedding-v4 on the emulator)
One bulk embedding job of ${LINES} lines (10 per request) queued on BullMQ in ${LINES / 200} chunks; 4 worker
processes, 8 requests in flight each, emulator latency 60–100 ms; every worker told the quota.

| limiter | throughput to 98 % of requests (of the bound) | over the whole run | 429s | 429s after 10 s | wall (s) | lines out |
|---|---|---|---|---|---|---|
| one RedisRateStore (shared) | ${pct(sharedRun.share98)} | ${pct(sharedRun.share)} | ${pct(sharedRun.throttledShare)} | ${pct(sharedRun.lateThrottledShare)} | ${sharedRun.wall.toFixed(1)} | ${sharedRun.lines} |
| 4 independent in-process limiters | ${pct(independentRun.share98)} | ${pct(independentRun.share)} | ${pct(independentRun.throttledShare)} | ${pct(independentRun.lateThrottledShare)} | ${independentRun.wall.toFixed(1)} | ${independentRun.lines} |

The whole run includes the wind-down (the last chunks, or a throttled request retried a second or two
later, when demand is below the quota); the first column stops at 98 % of the requests.

Targets: shared ≥ 95 % of the bound → **${pct(sharedRun.share98)}**; < 1 % 429s after 10 s → **${pct(sharedRun.lateThrottledShare)}**;
0 lost → **${LINES - sharedRun.lines}** lost. Independent limiters each pace to the whole quota, so the
account receives four times its quota until their adaptive controllers, each alone, back off.
`,
);
