import { spawn } from 'node:child_process';
import { createServer, type AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import { runCli } from '../run-cli.js';

function firstLine(stream: PassThrough): Promise<string> {
  return new Promise((resolve) => {
    let text = '';
    stream.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('}\n')) resolve(text);
    });
  });
}

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'cli', 'main.js');

describe('dashscope-kit emulator', () => {
  it('prints { url, seed } for --json as one complete JSON document on the first line of stdout', async () => {
    const child = spawn(process.execPath, [main, 'emulator', '--port', '0', '--seed', '3', '--json'], { stdio: ['ignore', 'pipe', 'ignore'] });
    const closed = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve) => lines.once('line', resolve));
    child.kill('SIGINT');
    expect(JSON.parse(first)).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), seed: 3 });
    expect(await closed).toBe(0);
  });

  it('serves on 127.0.0.1, prints { url, seed } for --json, answers requests and exits 0 when stopped', async () => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const controller = new AbortController();
    const printed = firstLine(stdout);
    const exit = runCli(['emulator', '--port', '0', '--seed', '7', '--json'], {
      stdout,
      stderr,
      stdin: Readable.from([]),
      env: {},
      cwd: process.cwd(),
      signal: controller.signal,
    });
    const json = JSON.parse(await printed) as { url: string; seed: number };
    expect(json).toEqual({ url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/), seed: 7 });
    const response = await fetch(`${json.url}/compatible-mode/v1/embeddings`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-emulator', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'text-embedding-v4', input: 'hello', dimensions: 64 }),
    });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { data: { embedding: number[] }[] }).data[0]?.embedding).toHaveLength(64);
    controller.abort();
    expect(await exit).toBe(0);
    await expect(fetch(json.url)).rejects.toThrow();
  });

  it('refuses a non-loopback address without --allow-remote, exit 2', async () => {
    const run = await runCliCaptured(['emulator', '--host', '0.0.0.0', '--port', '0']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--allow-remote');
  });

  it('exits 2 naming the port when it is already in use, in a spawned process', async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as AddressInfo;
    const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'cli', 'main.js');
    const child = spawn(process.execPath, [main, 'emulator', '--port', String(port)], { env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    await new Promise<void>((resolve) => taken.close(() => resolve()));
    expect(code).toBe(2);
    expect(stderr).toContain(`Port ${port} on 127.0.0.1 is already in use.`);
    expect(stderr).toContain('--port');
    expect(stderr).not.toMatch(/bug/);
  });
});
