import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

  it('exits 7 naming the path when the --input file does not exist, before sending anything', async () => {
    const before = server.embeddingStats();
    const run = await runCliCaptured(['embed', '--input', 'missing.jsonl', '--output', 'out-missing.jsonl'], { env: server.env, cwd: folder });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(`Input file not found: ${join(folder, 'missing.jsonl')}`);
    expect(run.stderr).not.toMatch(/bug/);
    expect(server.embeddingStats()).toEqual(before);
  });

  it.each([
    ['its folder does not exist', 'no-such-folder/out.jsonl', 'Output folder not found: '],
    ['a part of its path is a file', 'in.jsonl/out.jsonl', 'in.jsonl is a file, not a folder'],
    ['it is a folder', '.', 'is a folder, not a file'],
  ])('exits 7 naming the path when the --output %s, before sending anything', async (_, output, message) => {
    const before = server.embeddingStats();
    const run = await runCliCaptured(['embed', '--input', 'in.jsonl', '--output', output], { env: server.env, cwd: folder });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(message);
    expect(run.stderr).not.toMatch(/bug/);
    expect(server.embeddingStats()).toEqual(before);
  });

  it('refuses a binary --input, naming the file and the line, with exit 2 and writes no output', async () => {
    writeFileSync(join(folder, 'binary.jsonl'), Buffer.concat([Buffer.from('{"text":"ok"}\n'), Buffer.from([0x00, 0x01, 0x02, 0x0a])]));
    const before = server.embeddingStats();
    const run = await runCliCaptured(['embed', '--input', 'binary.jsonl', '--output', 'binary-out.jsonl'], { env: server.env, cwd: folder });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${join(folder, 'binary.jsonl')} line 2 holds binary data`);
    expect(existsSync(join(folder, 'binary-out.jsonl'))).toBe(false);
    expect(server.embeddingStats()).toEqual(before);
  });

  it('refuses a finished output made with another model or dimension, with exit 2 and no request', async () => {
    writeFileSync(join(folder, 'small.jsonl'), '{"text":"alpha"}\n{"text":"beta"}\n');
    const first = await runCliCaptured(['embed', '--input', 'small.jsonl', '--output', 'small-out.jsonl', '--dimension', '64'], { env: server.env, cwd: folder });
    expect(first.code).toBe(0);
    const written = readFileSync(join(folder, 'small-out.jsonl'), 'utf8');
    const before = server.embeddingStats();
    const model = await runCliCaptured(['embed', '--input', 'small.jsonl', '--output', 'small-out.jsonl', '--dimension', '64', '--model', 'text-embedding-v3'], { env: server.env, cwd: folder });
    expect(model.code).toBe(2);
    expect(model.stderr).toContain('was finished by a job with other parameters: model "text-embedding-v4" (this job: "text-embedding-v3")');
    expect(model.stderr).toContain('hint: Pass another --output file');
    const dimension = await runCliCaptured(['embed', '--input', 'small.jsonl', '--output', 'small-out.jsonl', '--text-type', 'query', '--dimension', '64'], { env: server.env, cwd: folder });
    expect(dimension.code).toBe(2);
    expect(dimension.stderr).toContain('text_type "document" (this job: "query")');
    const same = await runCliCaptured(['embed', '--input', 'small.jsonl', '--output', 'small-out.jsonl', '--dimension', '64'], { env: server.env, cwd: folder });
    expect(same.code).toBe(0);
    expect(server.embeddingStats()).toEqual(before);
    expect(readFileSync(join(folder, 'small-out.jsonl'), 'utf8')).toBe(written);
  });

  it('counts empty, invalid and over-long lines the same in --dry-run and the real run, and exits 8 when lines failed', async () => {
    const long = Array.from({ length: 9000 }, (_, index) => `w${index}`).join(' ');
    writeFileSync(join(folder, 'mixed.jsonl'), ['{"text":"fine one"}', '', '   ', 'not json', JSON.stringify({ text: long }), '{"text":"fine two"}'].join('\n') + '\n');
    const dry = await runCliCaptured(['embed', '--input', 'mixed.jsonl', '--dry-run', '--json'], { env: server.env, cwd: folder });
    expect(dry.code).toBe(0);
    expect(JSON.parse(dry.stdout)).toMatchObject({ lines: 6, texts: 2, skipped: 4, empty: 2, invalid: 1, tooLong: 1, requests: 1 });
    const real = await runCliCaptured(['embed', '--input', 'mixed.jsonl', '--output', 'mixed-out.jsonl', '--dimension', '64'], { env: server.env, cwd: folder });
    expect(real.code).toBe(8);
    expect(real.stderr).toContain('4 of 6 lines failed');
    const reasons = readFileSync(join(folder, 'mixed-out.jsonl'), 'utf8').trim().split('\n').map((line) => (JSON.parse(line) as { error?: { reason: string } }).error?.reason ?? 'vector');
    expect(reasons).toEqual(['vector', 'empty', 'empty', 'invalid', 'too_long', 'vector']);
    const json = await runCliCaptured(['embed', '--input', 'mixed.jsonl', '--output', 'mixed-out.jsonl', '--dimension', '64', '--json'], { env: server.env, cwd: folder });
    expect(json.code).toBe(8);
    expect((JSON.parse(json.stdout) as { failures: unknown[] }).failures).toHaveLength(4);
    expect(JSON.parse(json.stderr)).toMatchObject({ error: { type: 'BulkLinesFailedError', exitCode: 8 } });
  });
});
