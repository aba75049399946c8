import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lexicalEmbedding } from '../../emulator/lexical-embedding.js';
import { type RunningEmulator, startEmulatorServer } from '../../test-support/emulator-server.js';
import { type RunningRedis, hasRedisServer, startRedisServer } from '../../test-support/redis-server.js';

const run = promisify(execFile);
const main = fileURLToPath(new URL('../../../dist/cli/main.js', import.meta.url));
const available = hasRedisServer() || process.env.CI === 'true';
const text = (n: number) => `note ${n} about ${['kelp', 'basalt', 'sparrows'][n % 3]} ${n * 31}`;

describe.skipIf(!available)('dashscope-kit embed --redis: the same command on several workers', () => {
  let redis: RunningRedis;
  let emulator: RunningEmulator;
  let directory: string;

  beforeAll(async () => {
    [redis, emulator] = await Promise.all([startRedisServer(), startEmulatorServer({ seed: 4 })]);
    directory = mkdtempSync(join(tmpdir(), 'cli-distributed-'));
  });
  afterAll(async () => {
    await Promise.all([redis.stop(), emulator.close()]);
    rmSync(directory, { recursive: true, force: true });
  });

  it('splits one job over two processes and both write the whole output in input order', async () => {
    const input = join(directory, 'input.jsonl');
    const output = join(directory, 'vectors.jsonl');
    writeFileSync(input, Array.from({ length: 900 }, (_, n) => JSON.stringify({ id: n + 1, text: text(n + 1) })).join('\n') + '\n');
    const args = [main, 'embed', '--input', input, '--output', output, '--dimension', '64', '--rpm', '6000', '--redis', redis.url, '--chunk-lines', '50', '--json'];
    const env = { ...process.env, ...emulator.env };
    const results = await Promise.all([run(process.execPath, args, { env }), run(process.execPath, args, { env })]);
    const reports = results.map((result) => JSON.parse(result.stdout) as { lines: number; failures: number; worker: { chunks: number } });
    expect(reports.map((report) => report.lines)).toEqual([900, 900]);
    expect(reports[0]!.worker.chunks + reports[1]!.worker.chunks).toBe(18);
    const lines = readFileSync(output, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { line: number; id: number; embedding: number[] });
    expect(lines.map((line) => line.line)).toEqual(Array.from({ length: 900 }, (_, n) => n + 1));
    expect(lines[899]!.embedding).toEqual(lexicalEmbedding(text(900), 64));
    expect(emulator.embeddingStats().texts).toBe(900);
  }, 60_000);

  it('refuses --redis without an output and --job without --redis before sending anything', async () => {
    const env = { ...process.env, ...emulator.env };
    const missing = await run(process.execPath, [main, 'embed', '--input', join(directory, 'input.jsonl'), '--redis', redis.url], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(missing).toMatchObject({ code: 2 });
    expect((missing as { stderr: string }).stderr).toContain('--redis needs --output');
    const stray = await run(process.execPath, [main, 'embed', '--input', join(directory, 'input.jsonl'), '--output', join(directory, 'x.jsonl'), '--job', 'x'], { env }).catch((error: { code: number; stderr: string }) => error);
    expect(stray).toMatchObject({ code: 2 });
  });
});
