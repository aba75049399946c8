import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';

const CLI_MAIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'cli', 'main.js');
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

  it.each([
    ['a file and text arguments', ['embed', '--file', 'texts.txt', 'extra text'], /either as arguments or with --file texts\.txt/],
    ['--output without --input', ['embed', '--output', 'out.jsonl', 'a text'], /--output needs --input/],
    ['--dry-run without --input', ['embed', '--dry-run', 'a text'], /--dry-run needs --input/],
    ['--input with text arguments', ['embed', '--input', 'texts.txt', '--output', 'out.jsonl', 'stray'], /--input texts\.txt embeds the lines of that file; the 1 text argument/],
    ['--input with --file', ['embed', '--input', 'texts.txt', '--file', 'texts.txt', '--output', 'out.jsonl'], /either --input \(bulk mode\) or --file/],
  ])('refuses %s with exit 2 before sending anything', async (_, argv, message) => {
    writeFileSync(join(folder, 'texts.txt'), 'one\ntwo\n');
    const before = server.embeddingStats();
    const run = await runCliCaptured(argv, { env: server.env, cwd: folder });
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stdout).toBe('');
    expect(server.embeddingStats()).toEqual(before);
  });

  it('refuses a binary --file such as /bin/ls, naming the file and the line, with exit 2', async () => {
    const file = join(folder, 'binary.txt');
    writeFileSync(file, Buffer.concat([Buffer.from('fine text\nalso fine\n'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01])]));
    const before = server.embeddingStats();
    const run = await runCliCaptured(['embed', '--file', file], { env: server.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`${file} line 3 holds binary data`);
    expect(server.embeddingStats()).toEqual(before);
  });

  it('refuses stdin that is not valid UTF-8 in a spawned process, naming the line, with exit 2', async () => {
    const before = server.embeddingStats();
    const run = spawnSync(process.execPath, [CLI_MAIN, 'embed'], { input: Buffer.from([0x6f, 0x6b, 0x0a, 0xc3, 0x28, 0x0a]), env: { ...server.env, NO_COLOR: '1' }, encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('stdin line 2 holds bytes that are not valid UTF-8; nothing was sent.');
    expect(server.embeddingStats()).toEqual(before);
  });

  it('says a --file that is a folder is a folder, with exit 7', async () => {
    const run = await runCliCaptured(['embed', '--file', folder], { env: server.env });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(`Cannot read ${folder}: it is a folder, not a file.`);
  });
});
