import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { createEmulator } from '../../emulator/create-emulator.js';
import { createSeededRandom } from '../../emulator/seeded-random.js';
import type { EmulatorServer } from '../../emulator/serve-emulator.js';
import { runBulkEmbedJob } from './run-bulk-embed-job.js';

const register = fileURLToPath(new URL('../../test-support/register-ts-loader.mjs', import.meta.url));
const child = fileURLToPath(new URL('../../test-support/batch-embed-child.ts', import.meta.url));
const LINES = 6_000;
const KILLS = 6;
const text = (n: number) => `entry ${n} of the ${['atlas', 'ledger', 'herbarium', 'logbook'][n % 4]} page ${n * 104729}`;

const emulator = createEmulator({ seed: 41, logLimit: 1_000_000, batch: { validatingMs: 60, lineMs: 4, finalizingMs: 60, cancellingMs: 60 } });
let server: EmulatorServer;
let directory: string;

beforeAll(async () => {
  server = await emulator.serve({ port: 0, host: '127.0.0.1' });
  directory = mkdtempSync(join(tmpdir(), 'batch-kill-'));
});
afterAll(async () => {
  await server.close();
  rmSync(directory, { recursive: true, force: true });
});

/**
 * Runs the job in a child; kills it with SIGKILL `kill.delayMs` after its `kill.afterProgress`-th progress line (0: after it is
 * ready), never when `kill` is undefined. Counting progress lines rather than only milliseconds puts the kills in different
 * phases however slow a loaded machine makes the child.
 */
function runChild(input: string, output: string, kill: { afterProgress: number; delayMs: number } | undefined): Promise<{ signal: NodeJS.Signals | null; code: number | null; report: string | undefined; last: string | undefined }> {
  const started = spawn(process.execPath, ['--import', register, child, server.url, input, output, JSON.stringify({ maxActiveBatches: 2, linesPerBatch: 500 })], { stdio: ['ignore', 'pipe', 'inherit'] });
  let report: string | undefined;
  let last: string | undefined;
  let progressLines = 0;
  const armKill = () => setTimeout(() => started.kill('SIGKILL'), kill?.delayMs);
  createInterface({ input: started.stdout! }).on('line', (line) => {
    if (line.startsWith('progress ')) {
      last = line.slice('progress '.length);
      if (kill && ++progressLines === kill.afterProgress) armKill();
    }
    if (line === 'ready' && kill?.afterProgress === 0) armKill();
    if (line.startsWith('report ')) report = line.slice('report '.length);
  });
  return new Promise((resolve) => started.on('exit', (code, signal) => resolve({ code, signal, report, last })));
}

const successes = (method: string, path: string) => emulator.requestLog().filter((entry) => entry.method === method && entry.path === path && entry.status === 200).length;

describe('runBatchEmbedJob killed with SIGKILL at random moments', () => {
  it('ends with every line once, equal to the synchronous job, with no file uploaded and no line billed twice', async () => {
    const input = join(directory, 'input.jsonl');
    const output = join(directory, 'vectors.jsonl');
    writeFileSync(input, `${Array.from({ length: LINES }, (_, n) => JSON.stringify({ id: n, text: text(n) })).join('\n')}\n`);
    const random = createSeededRandom(20261203);
    const killed: (string | undefined)[] = [];
    for (let run = 0; run < KILLS; run++) {
      const result = await runChild(input, output, { afterProgress: Math.floor(random() * 4), delayMs: Math.floor(random() * 300) });
      if (result.signal !== 'SIGKILL') {
        expect(result.code).toBe(0);
        break;
      }
      killed.push(result.last);
    }
    expect(killed.length).toBeGreaterThanOrEqual(4);
    expect(new Set(killed).size).toBeGreaterThanOrEqual(2);
    const final = await runChild(input, output, undefined);
    expect(final.code).toBe(0);
    const report = JSON.parse(final.report!) as { lines: number; batches: number; failures: unknown[] };
    expect(report.lines).toBe(LINES);
    expect(report.failures).toEqual([]);

    const reference = join(directory, 'reference.jsonl');
    const sync = new DashScope({ apiKey: 'sk-test-batch-kill', baseURL: server.url, region: 'cn-beijing' });
    const uploads = successes('POST', '/compatible-mode/v1/files');
    const creates = successes('POST', '/compatible-mode/v1/batches');
    const billed = emulator.stats().batchLines['text-embedding-v4'];
    await runBulkEmbedJob({ client: sync, input, output: reference, model: 'text-embedding-v4', dimension: 64 });
    expect(readFileSync(output, 'utf8')).toBe(readFileSync(reference, 'utf8'));
    expect(uploads).toBe(report.batches);
    expect(creates).toBe(report.batches);
    expect(billed).toMatchObject({ billed: LINES, failed: 0 });
  }, 120_000);
});
