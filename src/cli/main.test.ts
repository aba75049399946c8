import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../test-support/emulator-server.js';
import { OFFLINE_NOTICE } from './cli-context.js';
import type { IndexReport } from '../rag/build-index.js';

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

async function interruptWhen(args: string[], env: NodeJS.ProcessEnv, ready: (stderr: string) => boolean): Promise<{ exit: Exit; afterSignalMs: number }> {
  let signalledAt = 0;
  let stderr = '';
  const exit = await start(process.execPath, [main, ...args], env, (child) => {
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const poll = setInterval(() => {
      if (!ready(stderr)) return;
      clearInterval(poll);
      signalledAt = Date.now();
      child.kill('SIGINT');
    }, 5);
    child.on('close', () => clearInterval(poll));
  });
  return { exit, afterSignalMs: Date.now() - signalledAt };
}

const FILES = 120;
// The scan prints its first progress line after 1 s, so the scan test needs a folder that takes longer
// than that to scan (≈ 570 files/s here with the exact tokenizer) and, to keep its resume run short, a
// server without latency.
const SCAN_FILES = 1_200;
let work: string;
let docs: string;
let scanDocs: string;
let server: RunningEmulator;
let fastServer: RunningEmulator;

function writeGuides(folder: string, files: number): void {
  mkdirSync(folder);
  const words = ['install', 'publish', 'registry', 'lockfile', 'scope', 'cache', 'audit', 'workspace', 'script', 'token', 'proxy', 'version'];
  for (let file = 0; file < files; file++) {
    const sections = Array.from({ length: 6 }, (_, section) => {
      const sentences = Array.from({ length: 30 }, (_, n) => `Step ${file}.${section}.${n} ${words[(file + n) % words.length]} then ${words[(section * 7 + n) % words.length]} for package ${file * 31 + n}.`);
      return `## Part ${section} of guide ${file}\n\n${sentences.join(' ')}\n`;
    });
    writeFileSync(join(folder, `guide-${String(file).padStart(4, '0')}.md`), `# Guide ${file}\n\n${sections.join('\n')}`);
  }
}

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'dsk-main-'));
  docs = join(work, 'docs');
  writeGuides(docs, FILES);
  scanDocs = join(work, 'scan-docs');
  writeGuides(scanDocs, SCAN_FILES);
  server = await startEmulatorServer({ latency: { fixedMs: 150 } });
  fastServer = await startEmulatorServer();
});
afterAll(async () => {
  await server.close();
  await fastServer.close();
  rmSync(work, { recursive: true, force: true });
});

describe('the dashscope-kit binary', () => {
  it('exits 130 within 1 s of Ctrl-C during the scan, and keeps the files it finished', { timeout: 120_000 }, async () => {
    const index = join(work, 'scan-interrupted');
    const env = cleanEnv(fastServer.env);
    const first = await interruptWhen(['index', scanDocs, '--index', index], env, (stderr) => /scanning \d+\/\d+ files/.test(stderr));
    expect(first.exit.code).toBe(130);
    expect(first.afterSignalMs).toBeLessThan(1000);
    expect(first.exit.stderr).toContain('hint: Run the same command again to resume');
    expect(fastServer.embeddingStats().requests).toBe(0);

    const second = await start(process.execPath, [main, 'index', scanDocs, '--index', index, '--json'], env);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as IndexReport;
    expect(report.files.unchanged).toBeGreaterThan(0);
    expect(report.files.new.length).toBeLessThan(SCAN_FILES);
    expect(report.chunks.embedded + report.chunks.reused + report.chunks.duplicates).toBe(report.chunks.total);
  });

  it('exits 130 within 1 s of Ctrl-C while embedding, keeps every finished batch, and the next run embeds only the rest', { timeout: 120_000 }, async () => {
    const index = join(work, 'embed-interrupted');
    const env = cleanEnv(server.env);
    const before = server.embeddingStats();
    const first = await interruptWhen(['index', docs, '--index', index, '--concurrency', '2'], env, () => server.embeddingStats().requests - before.requests >= 4);
    expect(first.exit.code).toBe(130);
    expect(first.afterSignalMs).toBeLessThan(1000);
    expect(first.exit.stderr).toContain('dashscope-kit: Interrupted: kept');
    const sentBefore = server.embeddingStats().texts - before.texts;

    const second = await start(process.execPath, [main, 'index', docs, '--index', index, '--json'], env);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.stdout) as IndexReport;
    expect(report.interrupted).toBe(false);
    expect(report.chunks.reused).toBeGreaterThan(0);
    expect(report.chunks.embedded + report.chunks.reused + report.chunks.duplicates).toBe(report.chunks.total);
    expect(sentBefore + report.chunks.embedded).toBeLessThanOrEqual(report.chunks.total + 2 * 10);

    const third = await start(process.execPath, [main, 'index', docs, '--index', index, '--json'], env);
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
