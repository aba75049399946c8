import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
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

describe.skipIf(!available)('distributed bulk embedding: a worker killed mid-run', () => {
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

  it('survives kill -9 of one worker: its leases expire, the others finish its chunk, output exactly once', async () => {
    const workDir = join(directory, 'killed');
    await submitBulkEmbedJob({ redis: redis.url, name: 'killed', input, workDir, chunkLines: 200 });
    const options = { leaseMs: 1500, lockDurationMs: 2000, maxConcurrency: 12 };
    const workers = Array.from({ length: 4 }, () => startWorker('killed', workDir, options));
    await go(workers);
    const victim = workers[0]!;
    // Kill it in the middle of a chunk, once it has finished one.
    while (victim.chunks() < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const client = new Redis(redis.url);
    const leaseKey = (await client.keys('*:leases'))[0]!;
    victim.process.kill('SIGKILL');
    const killedAt = performance.now();
    const heldAtKill = await client.zrange(leaseKey, '0', '-1');
    // Every lease held at the kill is gone within its expiry: the survivors' are released, the victim's expire.
    for (;;) {
      const still = (await client.zrange(leaseKey, '0', '-1')).filter((id) => heldAtKill.includes(id));
      if (still.length === 0) break;
      expect(performance.now() - killedAt).toBeLessThan(options.leaseMs + 1000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    client.disconnect();
    expect(await victim.exit).toBe(null);
    expect(await Promise.all(workers.slice(1).map((worker) => worker.exit))).toEqual([0, 0, 0]);
    const output = join(directory, 'killed.jsonl');
    expect(await collectBulkEmbedJob({ workDir, output })).toEqual({ output, lines: LINES, failures: 0 });
    expectExactlyOnce(output);
  }, 90_000);
});
