import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../emulator/create-emulator.js';
import { haveChromium, launchChromium } from '../test-support/launch-chromium.js';
import type { EmulatorServer } from '../emulator/serve-emulator.js';
import { smoke } from './smoke-core.mjs';

// The core on other fetch runtimes (issue 11): the same smoke (chat stream, embeddings, rerank, a typed
// API error, an abort) on Bun, Deno, workerd and headless Chromium must give the report Node gives.
// Binaries: `node scripts/fetch-runtimes.mjs` (npm registry packages) and Debian's chromium; .ci/run
// fetches them. Outside CI a missing runtime is skipped; in CI it fails.
const root = fileURLToPath(new URL('../..', import.meta.url));
const here = fileURLToPath(new URL('.', import.meta.url));
const run = promisify(execFile);
const runtimesDir = process.env.DASHSCOPE_KIT_RUNTIMES ?? join(root, '.dashscope-kit', 'runtimes');
const runtimes = JSON.parse(readFileSync(join(here, 'runtimes.json'), 'utf8')) as Array<{ name: string; spec: string; binary: string }>;
const binary = (name: string) => {
  const runtime = runtimes.find((entry) => entry.name === name)!;
  return join(runtimesDir, name, runtime.spec.split('@').pop()!, runtime.binary);
};
const ci = process.env.CI === 'true';
const have = (path: string) => ci || existsSync(path);

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function bundle(entry: string, outfile: string, platform: 'browser' | 'neutral'): Promise<void> {
  await build({ entryPoints: [join(here, entry)], bundle: true, format: 'esm', platform, mainFields: ['module', 'main'], external: ['node:*'], outfile, logLevel: 'silent' });
}

describe('the core on other fetch runtimes, against the emulator', () => {
  let emulator: EmulatorServer;
  let expected: unknown;
  let directory: string;

  beforeAll(async () => {
    emulator = await createEmulator({ seed: 11, latency: { eventIntervalMs: 15 } }).serve({ port: 0, host: '127.0.0.1' });
    expected = JSON.parse(JSON.stringify(await smoke(emulator.url)));
    directory = mkdtempSync(join(tmpdir(), 'runtime-smoke-'));
  });
  afterAll(async () => {
    await emulator.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('gives a report that proves each part ran (the reference, on Node)', () => {
    expect(expected).toMatchObject({
      chat: { chunks: expect.any(Number) as number },
      embeddings: { count: 2, dimension: 64 },
      rerank: [{ index: 1 }, { index: 0 }],
      error: { thrown: true, name: 'InvalidParameterError', isAPIError: true, status: 400 },
      abort: { thrown: true, name: 'APIUserAbortError', isAbort: true },
    });
    expect((expected as { chat: { chunks: number } }).chat.chunks).toBeGreaterThan(2);
  });

  it.skipIf(!have(binary('bun')))('on Bun', async () => {
    const { stdout } = await run(binary('bun'), [join(here, 'smoke-cli.mjs'), emulator.url], { env: { ...process.env, NO_COLOR: '1' } });
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it.skipIf(!have(binary('deno')))('on Deno, with network access to 127.0.0.1 only', async () => {
    const { stdout } = await run(binary('deno'), ['run', '--allow-net=127.0.0.1', '--allow-read', '--allow-env', join(here, 'smoke-cli.mjs'), emulator.url], {
      env: { ...process.env, NO_COLOR: '1', DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(directory, 'deno-cache') },
    });
    expect(JSON.parse(stdout)).toEqual(expected);
  });

  it.skipIf(!have(binary('workerd')))('on Cloudflare workerd, bundled as one module', async () => {
    await bundle('smoke-worker.mjs', join(directory, 'worker.mjs'), 'neutral');
    const port = await freePort();
    writeFileSync(
      join(directory, 'config.capnp'),
      `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .smoke), (name = "loopback", network = (allow = ["local"])) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const smoke :Workerd.Worker = (
  modules = [ (name = "worker", esModule = embed "worker.mjs") ],
  compatibilityDate = "2025-09-01",
  compatibilityFlags = ["nodejs_compat"],
  globalOutbound = "loopback",
);
`,
    );
    const child = spawn(binary('workerd'), ['serve', join(directory, 'config.capnp')], { stdio: ['ignore', 'ignore', 'pipe'] });
    try {
      let response: Response | undefined;
      for (let attempt = 0; attempt < 100 && !response; attempt++) {
        response = await fetch(`http://127.0.0.1:${port}/?emulator=${encodeURIComponent(emulator.url)}`).catch(async () => {
          await new Promise((resolve) => setTimeout(resolve, 100));
          return undefined;
        });
      }
      expect(response?.status).toBe(200);
      expect(await response!.json()).toEqual(expected);
    } finally {
      child.kill('SIGTERM');
    }
  });

  it.skipIf(!haveChromium)('in headless Chromium, same-origin through a proxy to the emulator', async () => {
    await bundle('smoke-browser.mjs', join(directory, 'smoke.js'), 'browser');
    const script = readFileSync(join(directory, 'smoke.js'));
    const server: Server = createServer(async (request, response) => {
      if (request.url === '/smoke.html') {
        response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><script type="module" src="/smoke.js"></script>');
        return;
      }
      if (request.url === '/smoke.js') {
        response.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
        return;
      }
      const chunks: Buffer[] = [];
      for await (const chunk of request) chunks.push(chunk as Buffer);
      const headers = Object.fromEntries(Object.entries(request.headers).filter(([name]) => !['host', 'connection', 'content-length'].includes(name))) as Record<string, string>;
      const upstream = await fetch(`${emulator.url}${request.url}`, { method: request.method!, headers, ...(chunks.length ? { body: Buffer.concat(chunks) } : {}) });
      response.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([name]) => !['content-length', 'content-encoding', 'transfer-encoding'].includes(name))));
      if (!upstream.body) return void response.end();
      const body = Readable.fromWeb(upstream.body as import('node:stream/web').ReadableStream);
      body.on('error', () => response.destroy());
      response.on('close', () => body.destroy());
      body.pipe(response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      await page.goto(`http://127.0.0.1:${(server.address() as { port: number }).port}/smoke.html`);
      const report = await page.evaluate(() => (window as unknown as { smokeReport: Promise<unknown> }).smokeReport);
      expect(report).toEqual(expected);
    } finally {
      await browser.close();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

