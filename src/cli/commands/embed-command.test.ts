import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';

let server: RunningEmulator;
let folder: string;
beforeAll(async () => {
  server = await startEmulatorServer();
  folder = mkdtempSync(join(tmpdir(), 'dsk-embed-'));
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

function lines(stdout: string): Array<{ index: number; line?: number; embedding: number[] }> {
  return stdout.trim().split('\n').map((line) => JSON.parse(line) as { index: number; line?: number; embedding: number[] });
}

describe('dashscope-kit embed', () => {
  it('prints one JSON line per argument with the requested dimension', async () => {
    const run = await runCliCaptured(['embed', '--dimension', '64', 'npm installs packages', 'tea is a drink'], { env: server.env });
    expect(run.code).toBe(0);
    const output = lines(run.stdout);
    expect(output.map((line) => line.index)).toEqual([0, 1]);
    expect(output.map((line) => line.embedding.length)).toEqual([64, 64]);
    expect(Object.keys(output[0] ?? {})).toEqual(['index', 'embedding']);
  });

  it('batches 25 lines of a file into requests of 10 and keeps input order and line numbers', async () => {
    const file = join(folder, 'texts.jsonl');
    const texts = Array.from({ length: 25 }, (_, index) => `text number ${index}`);
    writeFileSync(file, `${texts.map((text, index) => (index % 2 === 0 ? JSON.stringify({ text }) : text)).join('\n\n')}\n`);
    const before = server.embeddingStats();
    const run = await runCliCaptured(['embed', '--file', file, '--dimension', '64'], { env: server.env });
    expect(run.code).toBe(0);
    const output = lines(run.stdout);
    expect(output.map((line) => line.index)).toEqual(texts.map((_, index) => index));
    expect(output.map((line) => line.line)).toEqual(texts.map((_, index) => index * 2 + 1));
    expect(server.embeddingStats().requests - before.requests).toBe(3);
    expect(server.embeddingStats().texts - before.texts).toBe(25);
  });

  it('gives the same vector for the same text as a single request does', async () => {
    const alone = lines((await runCliCaptured(['embed', '-d', '64', 'text number 3'], { env: server.env })).stdout)[0];
    const batched = lines((await runCliCaptured(['embed', '-d', '64'], { env: server.env, stdin: 'a\nb\nc\ntext number 3\n' })).stdout)[3];
    expect(batched?.embedding).toEqual(alone?.embedding);
  });

  it('prints { model, dimension, text_type, embeddings, usage, requests } for --json', async () => {
    const run = await runCliCaptured(['embed', '--json', '--text-type', 'query', '-d', '128', 'how do I publish?'], { env: server.env });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(json).toEqual({
      model: 'text-embedding-v4',
      dimension: 128,
      text_type: 'query',
      embeddings: [{ index: 0, embedding: expect.any(Array) }],
      usage: { total_tokens: expect.any(Number) },
      requests: 1,
    });
  });

  it('refuses a dimension the model does not allow before any request, exit 2', async () => {
    const before = server.embeddingStats().requests;
    const run = await runCliCaptured(['embed', '--dimension', '100', 'x'], { env: server.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('dimension');
    expect(server.embeddingStats().requests).toBe(before);
  });

  it('exits 7 for a missing input file', async () => {
    const run = await runCliCaptured(['embed', '--file', join(folder, 'missing.txt')], { env: server.env });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain('no such file');
  });
});
