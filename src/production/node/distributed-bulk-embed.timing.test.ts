import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { createEmulator } from '../../emulator/create-emulator.js';
import { lexicalEmbedding } from '../../emulator/lexical-embedding.js';
import type { EmulatorServer } from '../../emulator/serve-emulator.js';
import { type RunningRedis, hasRedisServer, startRedisServer } from '../../test-support/redis-server.js';
import { collectBulkEmbedJob } from './collect-bulk-embed-job.js';
import { submitBulkEmbedJob } from './submit-bulk-embed-job.js';

const register = fileURLToPath(new URL('../../test-support/register-ts-loader.mjs', import.meta.url));
const child = fileURLToPath(new URL('../../test-support/bulk-embed-worker-child.ts', import.meta.url));
const available = hasRedisServer() || process.env.CI === 'true';
// 50 requests/s: at 98 % pacing a 1-second window has one request of slack for scheduling jitter.
const RPM = 3000;
const BOUND = RPM / 60;
const LINES = 6000;
const text = (n: number) => `entry ${n} on ${['tides', 'ferns', 'granite', 'lanterns', 'rivers'][n % 5]} count ${n * 104_729}`;

let attempts = 0;

interface Worker {
  process: ChildProcess;
  ready: Promise<void>;
  chunks: () => number;
  exit: Promise<number | null>;
}

/** Starts workers once all of them have loaded, so the run measures the job rather than Node's start-up. */
async function go(workers: Worker[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.ready));
  for (const worker of workers) worker.process.stdin!.write('go\n');
}

// A timing test: vitest.config.ts runs *.timing.test.ts files alone after the rest of the suite, because
// CPU taken by other test files stalls the emulator, bunching requests into one second (throttles the
// real service, reached over a network, would not see from this client).
describe.skipIf(!available)('distributed bulk embedding: 4 worker processes, one quota in Redis', () => {
  const emulator = createEmulator({ seed: 7, latency: { fixedMs: 60, jitterMs: 40 }, rateLimits: { 'text-embedding-v4': { rpm: RPM } } });
  let server: EmulatorServer;
  let redis: RunningRedis;
  let directory: string;
  let input: string;

  beforeAll(async () => {
    [server, redis] = await Promise.all([emulator.serve({ port: 0, host: '127.0.0.1' }), startRedisServer()]);
    directory = mkdtempSync(join(tmpdir(), 'distributed-bulk-'));
    input = join(directory, 'input.jsonl');
    // Warm the emulator (its token counter loads the Qwen vocabulary on first use) so that load does
    // not stall it mid-run and bunch requests into one second, which the real service would not see.
    await new DashScope({ apiKey: 'sk-test-warm-up', baseURL: server.url }).embeddings.create({ model: 'text-embedding-v4', input: 'warm up', dimension: 64 });
    writeFileSync(input, Array.from({ length: LINES }, (_, n) => JSON.stringify({ id: `doc-${n + 1}`, text: text(n + 1) })).join('\n') + '\n');
  });
  afterAll(async () => {
    await Promise.all([server.close(), redis.stop()]);
    rmSync(directory, { recursive: true, force: true });
  });
  beforeEach(() => emulator.reset());

  function startWorker(name: string, workDir: string, options: Record<string, unknown>): Worker {
    const started = spawn(process.execPath, ['--import', register, child, server.url, redis.url, name, workDir, JSON.stringify({ shared: true, rpm: RPM, ...options })], {
      stdio: ['pipe', 'pipe', 'inherit'],
    });
    let chunks = 0;
    let loaded: () => void = () => undefined;
    const ready = new Promise<void>((resolve) => (loaded = resolve));
    createInterface({ input: started.stdout! }).on('line', (line) => {
      if (line === 'ready') loaded();
      if (line.startsWith('chunk ')) chunks++;
    });
    return { process: started, ready, chunks: () => chunks, exit: new Promise((resolve) => started.on('exit', (code) => resolve(code))) };
  }

  function expectExactlyOnce(output: string): void {
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
    expect(lines).toHaveLength(LINES);
    lines.forEach((line, index) => {
      const parsed = JSON.parse(line) as { line: number; id: string; embedding: number[] };
      expect(parsed.line).toBe(index + 1);
      expect(parsed.id).toBe(`doc-${index + 1}`);
      expect(parsed.embedding).toEqual(lexicalEmbedding(text(index + 1), 64));
    });
  }

  /**
   * Accepted requests per second as a share of the bound, over the time the first 98 % of the requests
   * took (the last 2 % are the wind-down: the last chunks, or a throttled request's retry a second or
   * two later, when demand is below the quota), and the 429s overall and after the first 10 s.
   */
  function measure(): { requests: number; seconds: number; share: number; throttled: number; lateThrottledShare: number } {
    const log = emulator.requestLog().filter((entry) => entry.model === 'text-embedding-v4');
    const accepted = log.filter((entry) => entry.outcome === 'accepted');
    const first = log[0]!.at;
    const upTo = Math.floor(accepted.length * 0.98) - 1;
    const seconds = (accepted[upTo]!.at - accepted[0]!.at) / 1000;
    const late = log.filter((entry) => entry.at - first >= 10_000);
    return {
      requests: accepted.length,
      seconds,
      share: upTo / seconds / BOUND,
      throttled: log.filter((entry) => entry.outcome === 'throttled').length,
      lateThrottledShare: late.filter((entry) => entry.outcome === 'throttled').length / Math.max(1, late.length),
    };
  }

  async function runJob(name: string, shared: boolean): Promise<{ workers: Worker[]; output: string }> {
    const workDir = join(directory, name);
    const plan = await submitBulkEmbedJob({ redis: redis.url, name, input, workDir, chunkLines: 200 });
    expect(plan.chunks).toHaveLength(LINES / 200);
    const workers = Array.from({ length: 4 }, () => startWorker(name, workDir, { shared }));
    await go(workers);
    expect(await Promise.all(workers.map((worker) => worker.exit))).toEqual([0, 0, 0, 0]);
    const output = join(directory, `${name}.jsonl`);
    expect(await collectBulkEmbedJob({ workDir, output })).toEqual({ output, lines: LINES, failures: 0 });
    return { workers, output };
  }

  // One retry: a stall of this machine (not of the limiter) bunches requests into one second and costs a
  // stray throttle's retry; two runs in a row below the target fail.
  it('with one RedisRateStore runs at >= 95 % of the account bound, < 1 % 429s after 10 s, every line once and in order', { retry: 1, timeout: 90_000 }, async () => {
    emulator.reset();
    const { workers, output } = await runJob(`shared-${++attempts}`, true);
    expect(workers.map((worker) => worker.chunks()).reduce((a, b) => a + b)).toBe(LINES / 200);
    expectExactlyOnce(output);
    const run = measure();
    console.log(`4 processes, shared store: ${run.requests} requests in ${run.seconds.toFixed(2)} s = ${(run.share * 100).toFixed(1)} % of ${BOUND}/s; ${run.throttled} throttled; ${(run.lateThrottledShare * 100).toFixed(2)} % 429s after 10 s`);
    expect(run.requests).toBe(LINES / 10);
    expect(run.share).toBeGreaterThanOrEqual(0.95);
    expect(run.share).toBeLessThanOrEqual(1);
    expect(run.lateThrottledShare).toBeLessThan(0.01);
    // At most a stray throttle event or two (requests bunched by scheduling jitter); each costs one request's slot.
    expect(run.throttled).toBeLessThanOrEqual(LINES / 10 / 50);
  });

  it('with 4 independent in-process limiters (what the store fixes) is throttled and adapts against itself', async () => {
    const { output } = await runJob('independent', false);
    expectExactlyOnce(output);
    const run = measure();
    console.log(`4 processes, independent limiters: ${run.requests} requests in ${run.seconds.toFixed(2)} s = ${(run.share * 100).toFixed(1)} % of ${BOUND}/s; ${run.throttled} throttled; ${(run.lateThrottledShare * 100).toFixed(2)} % 429s after 10 s`);
    // Each process paces to the whole quota: four times too much at first, then each backs off alone.
    expect(run.throttled).toBeGreaterThan(LINES / 10 / 20);
  }, 120_000);
});
