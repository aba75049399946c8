import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InputValidationError } from '../../core/errors.js';
import { createEmulator, type EmulatorServer } from '../../emulator/index.js';
import { runBatchEmbedJob } from './run-batch-embed-job.js';
import { runBulkEmbedJob } from './run-bulk-embed-job.js';

const emulator = createEmulator({ seed: 5, logLimit: 100_000, batch: { validatingMs: 5, lineMs: 0, finalizingMs: 5, cancellingMs: 5 } });
let server: EmulatorServer;
let directory: string;
const client = () => new DashScope({ apiKey: 'sk-test-batch-job', baseURL: server.url, region: 'cn-beijing' });
const text = (n: number) => `note ${n} on ${['tides', 'ferns', 'basalt', 'lanterns'][n % 4]} and ${n * 31}`;

function writeInput(name: string, lines: string[]): string {
  const path = join(directory, name);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

beforeAll(async () => {
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
  directory = mkdtempSync(join(tmpdir(), 'batch-job-'));
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});
afterEach(() => {
  emulator.reset();
  emulator.configure({ batch: { validatingMs: 5, lineMs: 0, finalizingMs: 5, cancellingMs: 5 } });
});

describe('runBatchEmbedJob on the emulated Batch API', () => {
  it('writes the same bytes as the synchronous job, in input order, across several batches, billing each line once', async () => {
    const lines = Array.from({ length: 250 }, (_, n) => JSON.stringify({ id: `r${n}`, text: text(n) }));
    lines[17] = JSON.stringify({ id: 'blank', text: '   ' });
    lines[120] = '{not json';
    const input = writeInput('mixed.jsonl', lines);
    const viaBatch = join(directory, 'mixed.batch.jsonl');
    const viaSync = join(directory, 'mixed.sync.jsonl');
    const report = await runBatchEmbedJob({ client: client(), input, output: viaBatch, model: 'text-embedding-v4', dimension: 64, linesPerBatch: 100, pollIntervalMs: 5 });
    expect(report).toMatchObject({ lines: 250, resumedFrom: 0, batches: 3, uploaded: 3, created: 3, downloaded: 3 });
    expect(report.failures.map((failure) => [failure.line, failure.reason])).toEqual([
      [18, 'empty'],
      [121, 'invalid'],
    ]);
    expect(report.tokens).toBeGreaterThan(0);
    expect(report.cost.priced && report.syncCost.priced && report.cost.amount).toBeCloseTo(report.syncCost.priced ? report.syncCost.amount / 2 : Number.NaN, 12);
    const billed = emulator.stats().batchLines['text-embedding-v4'];
    expect(billed).toMatchObject({ billed: 248, failed: 0 });
    await runBulkEmbedJob({ client: client(), input, output: viaSync, model: 'text-embedding-v4', dimension: 64 });
    expect(readFileSync(viaBatch, 'utf8')).toBe(readFileSync(viaSync, 'utf8'));
    expect(existsSync(`${viaBatch}.batch`)).toBe(false);
    const again = await runBatchEmbedJob({ client: client(), input, output: viaBatch, model: 'text-embedding-v4', dimension: 64, linesPerBatch: 100 });
    expect(again).toMatchObject({ lines: 250, resumedFrom: 250, uploaded: 0, created: 0 });
  });

  it('submits again the lines of a batch cancelled under it, and nothing else', async () => {
    emulator.configure({ batch: { validatingMs: 5, lineMs: 2, finalizingMs: 5, cancellingMs: 5 } });
    const input = writeInput('cancel.txt', Array.from({ length: 120 }, (_, n) => text(n)));
    const output = join(directory, 'cancel.jsonl');
    let cancelled = false;
    const report = await runBatchEmbedJob({
      client: client(),
      input,
      output,
      model: 'text-embedding-v4',
      dimension: 64,
      pollIntervalMs: 20,
      onProgress: (progress) => {
        if (cancelled || progress.running === 0) return;
        cancelled = true;
        void client()
          .batches.list()
          .then((page) => client().batches.cancel(page.data[0]!.id));
      },
    });
    expect(cancelled).toBe(true);
    expect(report.batches).toBe(2);
    const written = readFileSync(output, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { line: number; embedding: number[] });
    expect(written.map((line) => line.line)).toEqual(Array.from({ length: 120 }, (_, n) => n + 1));
    expect(written.every((line) => line.embedding.length === 64)).toBe(true);
    const billed = emulator.stats().batchLines['text-embedding-v4'];
    expect(billed?.billed).toBe(120);
  });

  it('finds an upload and a batch whose answers were lost instead of uploading or creating them again', async () => {
    const input = writeInput('lost.txt', Array.from({ length: 30 }, (_, n) => text(n)));
    const lost = new Set<string>();
    const fetch = async (url: string | URL | Request, init?: RequestInit) => {
      const response = await globalThis.fetch(url, init);
      const path = new URL(String(url)).pathname;
      if (init?.method === 'POST' && /\/(files|batches)$/.test(path) && !lost.has(path)) {
        lost.add(path);
        await response.body?.cancel();
        throw new TypeError('fetch failed: socket hang up');
      }
      return response;
    };
    const flaky = new DashScope({ apiKey: 'sk-test-batch-job', baseURL: server.url, region: 'cn-beijing', fetch });
    const report = await runBatchEmbedJob({ client: flaky, input, output: join(directory, 'lost.jsonl'), model: 'text-embedding-v4', dimension: 64, pollIntervalMs: 5 });
    expect(lost.size).toBe(2);
    expect(report).toMatchObject({ lines: 30, batches: 1 });
    const posts = (path: string) => emulator.requestLog().filter((entry) => entry.method === 'POST' && entry.path === path && entry.status === 200).length;
    expect(posts('/compatible-mode/v1/files')).toBe(1);
    expect(posts('/compatible-mode/v1/batches')).toBe(1);
    expect(emulator.stats().batchLines['text-embedding-v4']?.billed).toBe(30);
  });

  it('refuses, before any request, an output that is not its own and a journal of other parameters', async () => {
    const input = writeInput('small.txt', ['a', 'b']);
    const foreign = join(directory, 'foreign.jsonl');
    writeFileSync(foreign, '{"line":1,"embedding":[1]}\n');
    await expect(runBatchEmbedJob({ client: client(), input, output: foreign, model: 'text-embedding-v4', dimension: 64 })).rejects.toBeInstanceOf(InputValidationError);
    const output = join(directory, 'small.jsonl');
    await runBatchEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 64, pollIntervalMs: 5 });
    const before = emulator.requestLog().length;
    await expect(runBatchEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 128 })).rejects.toThrow(/other parameters/);
    await expect(runBatchEmbedJob({ client: client(), input, output: join(directory, 'x.jsonl'), model: 'text-embedding-v4', linesPerBatch: 50_001 })).rejects.toBeInstanceOf(InputValidationError);
    expect(emulator.requestLog().length).toBe(before);
  });
});
