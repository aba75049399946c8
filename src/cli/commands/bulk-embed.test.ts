import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexicalEmbedding } from '../../emulator/index.js';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';

let server: RunningEmulator;
let folder: string;
const texts = Array.from({ length: 57 }, (_, index) => `bulk line ${index} about npm packages`);

beforeAll(async () => {
  server = await startEmulatorServer();
  folder = mkdtempSync(join(tmpdir(), 'dsk-bulk-'));
  writeFileSync(join(folder, 'in.jsonl'), `${texts.map((text, index) => JSON.stringify({ id: `doc-${index}`, text })).join('\n')}\n`);
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

describe('dashscope-kit embed --input', () => {
  it('prices the file with --dry-run and sends nothing', async () => {
    const before = server.embeddingStats();
    const run = await runCliCaptured(['embed', '--input', 'in.jsonl', '--dry-run', '--json'], { env: server.env, cwd: folder });
    expect(run.code).toBe(0);
    const estimate = JSON.parse(run.stdout) as { lines: number; texts: number; requests: number; tokens: number; cost: { priced: boolean } };
    expect(estimate).toMatchObject({ lines: 57, texts: 57, requests: 6 });
    expect(estimate.tokens).toBeGreaterThan(57);
    expect(estimate.cost.priced).toBe(true);
    expect(server.embeddingStats()).toEqual(before);
  });

  it('labels offline costs as an estimate for DashScope, never as charged, and marks the report offline', async () => {
    const dry = await runCliCaptured(['embed', '--input', 'in.jsonl', '--dry-run'], { env: {}, cwd: folder });
    expect(dry.code).toBe(0);
    expect(dry.stdout).toMatch(/cost nothing charged offline; estimated [A-Z]{3} \d+\.\d{6} if run on DashScope \(prices seen /);
    const run = await runCliCaptured(['embed', '--input', 'in.jsonl', '--output', 'offline.jsonl', '--dimension', '64'], { env: {}, cwd: folder });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/^embedded 57 lines .*, cost nothing charged offline; estimated [A-Z]{3} \d+\.\d{6} if run on DashScope/m);
    const json = await runCliCaptured(['embed', '--input', 'in.jsonl', '--dry-run', '--json'], { env: {}, cwd: folder });
    expect(JSON.parse(json.stdout)).toMatchObject({ offline: true, cost: { priced: true } });
  });

  it('prints the cost of a run against a server plainly, as charged', async () => {
    const dry = await runCliCaptured(['embed', '--input', 'in.jsonl', '--dry-run'], { env: server.env, cwd: folder });
    expect(dry.stdout).toMatch(/cost [A-Z]{3} \d+\.\d{6} \(prices seen /);
    expect(dry.stdout).not.toContain('offline');
  });

  it('writes every line once, in order, with the emulator vector and the id, and reports the run', async () => {
    const run = await runCliCaptured(['embed', '--input', 'in.jsonl', '--output', 'out.jsonl', '--dimension', '64', '--json'], { env: server.env, cwd: folder });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { lines: number; stats: { embedded: number; requests: number }; failures: unknown[] };
    expect(report.lines).toBe(57);
    expect(report.stats.embedded).toBe(57);
    expect(report.failures).toEqual([]);
    const output = readFileSync(join(folder, 'out.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { line: number; id: string; embedding: number[] });
    expect(output.map((line) => line.line)).toEqual(texts.map((_, index) => index + 1));
    expect(output.map((line) => line.id)).toEqual(texts.map((_, index) => `doc-${index}`));
    output.forEach((line, index) => expect(line.embedding).toEqual(lexicalEmbedding(texts[index] ?? '', 64)));
  });

  it('refuses --input without --output before sending anything', async () => {
    const run = await runCliCaptured(['embed', '--input', 'in.jsonl'], { env: server.env, cwd: folder });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/--output/);
  });
});
