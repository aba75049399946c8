import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../emulator/create-emulator.js';
import { lexicalEmbedding } from '../../emulator/lexical-embedding.js';
import type { EmulatorServer } from '../../emulator/serve-emulator.js';

const register = fileURLToPath(new URL('../../test-support/register-ts-loader.mjs', import.meta.url));
const child = fileURLToPath(new URL('../../test-support/bulk-embed-child.ts', import.meta.url));
const LINES = 6_000;
const CONCURRENCY = 4;
const text = (n: number) => `record ${n} about ${['harbour', 'orchard', 'glacier', 'meadow', 'canyon'][n % 5]} number ${n * 7919}`;

const emulator = createEmulator({ seed: 99, latency: { fixedMs: 8, jitterMs: 8 }, logLimit: 0 });
let server: EmulatorServer;
let directory: string;

beforeAll(async () => {
  server = await emulator.serve({ port: 0, host: '127.0.0.1' });
  directory = mkdtempSync(join(tmpdir(), 'bulk-kill-'));
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

function runChild(input: string, output: string): { process: ChildProcess; progress: (atLeast: number) => Promise<void>; exit: Promise<{ code: number | null; signal: NodeJS.Signals | null; report: string | undefined }> } {
  const started = spawn(process.execPath, ['--import', register, child, server.url, input, output, JSON.stringify({ concurrency: CONCURRENCY })], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let done = 0;
  let report: string | undefined;
  const waiting: Array<{ atLeast: number; resolve: () => void }> = [];
  createInterface({ input: started.stdout! }).on('line', (line) => {
    const [kind, value] = line.split(' ');
    if (kind === 'progress') done = Number(value);
    if (kind === 'report') report = line.slice('report '.length);
    for (const wait of waiting.filter((entry) => done >= entry.atLeast)) wait.resolve();
  });
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null; report: string | undefined }>((resolve) =>
    started.on('exit', (code, signal) => resolve({ code, signal, report })),
  );
  return {
    process: started,
    progress: (atLeast) => new Promise((resolve) => (done >= atLeast ? resolve() : waiting.push({ atLeast, resolve }))),
    exit,
  };
}

describe('runBulkEmbedJob killed with SIGKILL', () => {
  it('finishes on rerun with every line exactly once, in order, paying again for at most one batch per worker', async () => {
    const input = join(directory, 'input.jsonl');
    const output = join(directory, 'vectors.jsonl');
    writeFileSync(input, Array.from({ length: LINES }, (_, n) => JSON.stringify({ id: n, text: text(n) })).join('\n') + '\n');

    const first = runChild(input, output);
    await first.progress(LINES / 3);
    first.process.kill('SIGKILL');
    const killed = await first.exit;
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.report).toBeUndefined();
    const acceptedBeforeRerun = emulator.stats().totals.items;
    expect(readFileSync(output, 'utf8').split('\n').length - 1).toBeLessThan(LINES);
    expect(existsSync(`${output}.checkpoint`)).toBe(true);

    const second = runChild(input, output);
    const finished = await second.exit;
    expect(finished.code).toBe(0);
    const report = JSON.parse(finished.report!) as { lines: number; resumedFrom: number; stats: { embedded: number } };
    expect(report.lines).toBe(LINES);
    expect(report.resumedFrom).toBeGreaterThan(0);

    const written = readFileSync(output, 'utf8').split('\n');
    expect(written.pop()).toBe('');
    expect(written).toHaveLength(LINES);
    written.forEach((line, n) => {
      const parsed = JSON.parse(line) as { line: number; id: number; embedding: number[] };
      expect(parsed.line).toBe(n + 1);
      expect(parsed.id).toBe(n);
      expect(parsed.embedding).toEqual(lexicalEmbedding(text(n), 64));
    });
    expect(existsSync(`${output}.checkpoint`)).toBe(false);
    const embeddedByEmulator = emulator.stats().totals.items;
    expect(embeddedByEmulator).toBeGreaterThanOrEqual(LINES);
    expect(embeddedByEmulator - LINES).toBeLessThanOrEqual(CONCURRENCY * 10);
    expect(acceptedBeforeRerun).toBeGreaterThan(0);
  });
});
