import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { DashScope } from '../client.js';
import { type Emulator, createEmulator } from '../emulator/create-emulator.js';
import { lexicalEmbedding } from '../emulator/lexical-embedding.js';
import type { EmulatorServer } from '../emulator/serve-emulator.js';
import { type RunningRedis, startRedisServer } from './redis-server.js';

const register = fileURLToPath(new URL('./register-ts-loader.mjs', import.meta.url));
const child = fileURLToPath(new URL('./bulk-embed-worker-child.ts', import.meta.url));

/** 50 requests/s: at 98 % pacing a 1-second window has one request of slack for scheduling jitter. */
export const RPM = 3000;
export const BOUND = RPM / 60;
const text = (n: number) => `entry ${n} on ${['tides', 'ferns', 'granite', 'lanterns', 'rivers'][n % 5]} count ${n * 104_729}`;

/** One worker process of a distributed bulk embedding job (src/test-support/bulk-embed-worker-child.ts). */
export interface WorkerProcess {
  process: ChildProcess;
  ready: Promise<void>;
  chunks: () => number;
  exit: Promise<number | null>;
}

/** An emulator with a text-embedding-v4 quota of {@link RPM}, a redis-server, and an input of `lines` lines. */
export interface DistributedHarness {
  emulator: Emulator;
  server: EmulatorServer;
  redis: RunningRedis;
  directory: string;
  input: string;
  lines: number;
  startWorker(name: string, workDir: string, options: Record<string, unknown>): WorkerProcess;
  close(): Promise<void>;
}

/** Starts the harness; the emulator is warmed (its token counter loaded) so that load cannot stall it mid-run. */
export async function startDistributedHarness(lines: number): Promise<DistributedHarness> {
  const emulator = createEmulator({ seed: 7, latency: { fixedMs: 60, jitterMs: 40 }, rateLimits: { 'text-embedding-v4': { rpm: RPM } } });
  const [server, redis] = await Promise.all([emulator.serve({ port: 0, host: '127.0.0.1' }), startRedisServer()]);
  const directory = mkdtempSync(join(tmpdir(), 'distributed-bulk-'));
  const input = join(directory, 'input.jsonl');
  await new DashScope({ apiKey: 'sk-test-warm-up', baseURL: server.url }).embeddings.create({ model: 'text-embedding-v4', input: 'warm up', dimension: 64 });
  writeFileSync(input, Array.from({ length: lines }, (_, n) => JSON.stringify({ id: `doc-${n + 1}`, text: text(n + 1) })).join('\n') + '\n');
  return {
    emulator,
    server,
    redis,
    directory,
    input,
    lines,
    startWorker(name, workDir, options) {
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
    },
    async close() {
      await Promise.all([server.close(), redis.stop()]);
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

/** Starts workers once all of them have loaded, so a run measures the job rather than Node's start-up. */
export async function go(workers: WorkerProcess[]): Promise<void> {
  await Promise.all(workers.map((worker) => worker.ready));
  for (const worker of workers) worker.process.stdin!.write('go\n');
}

/** Asserts the output has one line per input line, in order, with the emulator's vector for that line's text. */
export function expectExactlyOnce(output: string, count: number): void {
  const lines = readFileSync(output, 'utf8').trimEnd().split('\n');
  expect(lines).toHaveLength(count);
  lines.forEach((line, index) => {
    const parsed = JSON.parse(line) as { line: number; id: string; embedding: number[] };
    expect(parsed.line).toBe(index + 1);
    expect(parsed.id).toBe(`doc-${index + 1}`);
    expect(parsed.embedding).toEqual(lexicalEmbedding(text(index + 1), 64));
  });
}
