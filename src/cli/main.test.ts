import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../test-support/emulator-server.js';
import { OFFLINE_NOTICE } from './cli-context.js';
import type { IndexReport } from './rag/build-index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const main = join(root, 'dist', 'cli', 'main.js');

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const name of ['DASHSCOPE_API_KEY', 'DASHSCOPE_BASE_URL', 'DASHSCOPE_REGION', 'DASHSCOPE_WORKSPACE']) if (!(name in extra)) delete env[name];
  return env;
}

function start(command: string, args: string[], env: NodeJS.ProcessEnv, onStart?: (child: ReturnType<typeof spawn>) => void): Promise<Exit> {
  const started = Date.now();
  const child = spawn(command, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  onStart?.(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: Date.now() - started })));
}

let work: string;
let server: RunningEmulator;

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dsk-main-'));
  server = await startEmulatorServer({ latency: { fixedMs: 40 } });
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the dashscope-kit binary', () => {
  it('stops index cleanly on Ctrl-C with exit 130, keeps what was embedded, and the next run resumes', { timeout: 120_000 }, async () => {
    const index = join(work, 'interrupted-index');
    const env = cleanEnv(server.env);
    const first = await start(process.execPath, [main, 'index', '--index', index, '--concurrency', '2'], env, (child) => {
      const poll = setInterval(() => {
        if (server.embeddingStats().requests >= 8) {
          clearInterval(poll);
          child.kill('SIGINT');
        }
      }, 10);
      child.on('close', () => clearInterval(poll));
    });
    expect(first.code).toBe(130);
    expect(first.stderr).toContain('dashscope-kit: Interrupted: kept');
    expect(first.stderr).toContain('hint: Run the same command again to resume');
    const embeddedBefore = server.embeddingStats().texts;

    const second = await start(process.execPath, [main, 'index', '--index', index, '--json'], env);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as IndexReport;
    expect(report.interrupted).toBe(false);
    expect(report.chunks.embedded).toBeLessThan(report.chunks.total);
    expect(report.chunks.reused + report.files.unchanged).toBeGreaterThan(0);
    expect(embeddedBefore + report.chunks.embedded).toBeGreaterThanOrEqual(report.chunks.total);
    expect(embeddedBefore + report.chunks.embedded).toBeLessThanOrEqual(report.chunks.total + 2 * 10);

    const third = await start(process.execPath, [main, 'index', '--index', index, '--json'], env);
    expect((JSON.parse(third.stdout) as IndexReport).embeddingRequests).toBe(0);
  });

  it('runs npm start offline to the end: the index, three answers with sources, one offline notice', { timeout: 180_000 }, async () => {
    const run = await start('npm', ['start'], cleanEnv());
    expect(run.code).toBe(0);
    expect(run.stderr.split(OFFLINE_NOTICE)).toHaveLength(2);
    expect(run.stderr).toMatch(/index: \d+ files \(/);
    for (const n of [1, 2, 3]) expect(run.stdout).toContain(`Q${n}. `);
    expect(run.stdout.split('\nSources\n')).toHaveLength(4);
  });
});
