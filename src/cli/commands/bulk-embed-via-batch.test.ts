import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';

let server: RunningEmulator;
let folder: string;
const texts = Array.from({ length: 40 }, (_, index) => `batch line ${index} about river deltas`);

beforeAll(async () => {
  server = await startEmulatorServer();
  folder = mkdtempSync(join(tmpdir(), 'dsk-via-batch-'));
  writeFileSync(join(folder, 'in.jsonl'), `${texts.map((text, index) => JSON.stringify({ id: `doc-${index}`, text })).join('\n')}\n`);
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('dashscope-kit embed --via batch', () => {
  it('prices the file at the batch price beside the synchronous one with --dry-run, sending nothing', async () => {
    const json = await runCliCaptured(['embed', '--input', 'in.jsonl', '--dry-run', '--via', 'batch', '--json'], { env: server.env, cwd: folder });
    expect(json.code).toBe(0);
    const estimate = JSON.parse(json.stdout) as { cost: { amount: number }; batchCost: { amount: number }; batches: number };
    expect(estimate.batches).toBe(1);
    expect(estimate.batchCost.amount).toBeCloseTo(estimate.cost.amount / 2, 12);
    const text = await runCliCaptured(['embed', '--input', 'in.jsonl', '--dry-run', '--via', 'batch'], { env: server.env, cwd: folder });
    expect(text.stdout).toMatch(/40 batch requests in 1 batch files, batch cost [A-Z]{3} \d+\.\d{6} .*\(synchronous: [A-Z]{3} \d+\.\d{6}/);
  });

  it('writes the same output as the synchronous job and reports the batches', async () => {
    const batch = await runCliCaptured(['embed', '--input', 'in.jsonl', '--output', 'batch.jsonl', '--dimension', '64', '--via', 'batch', '--json'], { env: server.env, cwd: folder });
    expect(batch.code).toBe(0);
    const report = JSON.parse(batch.stdout) as { lines: number; batches: number; uploaded: number; failures: unknown[] };
    expect(report).toMatchObject({ lines: 40, batches: 1, uploaded: 1, failures: [] });
    const sync = await runCliCaptured(['embed', '--input', 'in.jsonl', '--output', 'sync.jsonl', '--dimension', '64'], { env: server.env, cwd: folder });
    expect(sync.code).toBe(0);
    expect(readFileSync(join(folder, 'batch.jsonl'), 'utf8')).toBe(readFileSync(join(folder, 'sync.jsonl'), 'utf8'));
  });

  it('refuses --via batch without --input, and --instruct with it (exit 2)', async () => {
    expect((await runCliCaptured(['embed', '--via', 'batch', 'hello'], { env: server.env, cwd: folder })).code).toBe(2);
    const instruct = await runCliCaptured(['embed', '--input', 'in.jsonl', '--output', 'i.jsonl', '--via', 'batch', '--instruct', 'Find docs'], { env: server.env, cwd: folder });
    expect(instruct.code).toBe(2);
    expect(instruct.stderr).toContain('--instruct');
  });
});
