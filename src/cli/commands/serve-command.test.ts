import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { request as httpRequest } from 'node:http';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { startRecordingProxy, type RecordingProxy } from '../../test-support/recording-proxy.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import { startServeCommand, writeServeDocs, type RunningServe } from '../../test-support/serve-command-server.js';

let emulator: RunningEmulator;
let proxy: RecordingProxy;
let serve: RunningServe;
let work: string;

const chatCalls = () => emulator.emulator.requestLog().filter((entry) => entry.endpoint === 'chat');
const post = (path: string, body: unknown) => fetch(`${serve.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function readChunks(response: Response): Promise<string[]> {
  const chunks: string[] = [];
  const decoder = new TextDecoder();
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  for (let next = await reader.read(); !next.done; next = await reader.read()) chunks.push(decoder.decode(next.value, { stream: true }));
  return chunks;
}

beforeAll(async () => {
  emulator = await startEmulatorServer({ seed: 5, latency: { eventIntervalMs: 40 } });
  proxy = await startRecordingProxy(emulator.url);
  work = mkdtempSync(join(tmpdir(), 'dsk-serve-'));
  const docs = writeServeDocs(join(work, 'docs'));
  serve = await startServeCommand(['--docs', docs, '--index', join(work, 'index')], { env: { DASHSCOPE_API_KEY: 'sk-test-serve', DASHSCOPE_BASE_URL: proxy.url }, cwd: work });
});
afterAll(async () => {
  await serve?.stop();
  await proxy.close();
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
});

describe('dashscope-kit serve --docs, against the emulator over HTTP', () => {
  it('indexes the folder first and prints { url, offline, index } once listening on 127.0.0.1', () => {
    expect(serve.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(serve.json.offline).toBe(false);
    expect(serve.json.index.files.total).toBe(4);
    expect(serve.stderr()).toContain(`serving ${serve.json.index.folder} on ${serve.url}`);
  });

  it('streams a DeepWiki-Open request as plain text: the answer in several chunks, then its cited sources', async () => {
    const response = await post('/chat/completions/stream', {
      repo_url: 'https://github.com/npm/cli',
      type: 'github',
      provider: 'google',
      model: 'gemini-2.5-flash',
      language: 'en',
      messages: [{ role: 'user', content: 'How do I publish a scoped package publicly?' }],
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    const chunks = await readChunks(response);
    expect(chunks.length).toBeGreaterThan(2);
    const [answer, sources] = chunks.join('').split('\n\nSources:\n');
    expect(answer).toMatch(/--access public\b.*\[\d\]/);
    expect(sources).toMatch(/^(\[\d\] [\w.]+\.md — .+\n)+$/);
    expect(sources).toContain('publish.md — Publishing > Scoped packages');
    expect(chatCalls().at(-1)?.model).toBe('qwen-plus');
  });

  it('answers the last user message of a conversation with a catalog chat model the request names', async () => {
    const response = await post('/chat/completions/stream', {
      provider: 'dashscope',
      model: 'qwen-turbo',
      messages: [
        { role: 'user', content: 'How do I publish a scoped package publicly?' },
        { role: 'assistant', content: 'Run npm publish --access public [1].' },
        { role: 'user', content: 'Where do global installs go on Unix?' },
      ],
    });
    const text = await response.text();
    expect(text).toMatch(/\/usr\/local/);
    expect(text).toContain('install.md — Installing > Global installs');
    expect(chatCalls().at(-1)?.model).toBe('qwen-turbo');
  });

  it.each([
    ['not JSON', '{"messages": [', 'invalid_json', null],
    ['no messages field', { repo_url: 'x' }, 'invalid_body', 'messages'],
    ['a message without content of type string', { messages: [{ role: 'user', content: 7 }] }, 'invalid_body', 'messages.0.content'],
    ['no messages', { messages: [] }, 'no_question', 'messages'],
    ['a last message from the assistant', { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] }, 'no_question', 'messages.1.role'],
    ['an empty question', { messages: [{ role: 'user', content: '   ' }] }, 'no_question', 'messages.0.content'],
  ])('refuses %s with a typed 400 JSON error before any model call', async (_, body, code, param) => {
    const before = emulator.emulator.requestLog().length;
    const response = await post('/chat/completions/stream', body);
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ error: { type: 'invalid_request_error', code, message: expect.any(String), param } });
    const openAI = await post('/v1/chat/completions', typeof body === 'string' ? body : { model: 'qwen-plus', ...body });
    expect(openAI.status).toBe(400);
    expect(emulator.emulator.requestLog().length).toBe(before);
  });

  it('aborts the upstream chat call when the client disconnects mid-answer', async () => {
    const controller = new AbortController();
    const response = await fetch(`${serve.url}/chat/completions/stream`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'What does npm ci do?' }] }),
      signal: controller.signal,
    });
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    await reader.read();
    const chat = proxy.exchanges.filter((exchange) => exchange.path.includes('generation') || exchange.path.includes('chat')).at(-1);
    expect(chat?.finished).toBe(false);
    controller.abort();
    await expect.poll(() => chat?.clientLeftEarly, { timeout: 5_000 }).toBe(true);
    expect(chat?.finished).toBe(false);
  });

  it('lets a full answer finish its upstream chat call', async () => {
    await (await post('/chat/completions/stream', { messages: [{ role: 'user', content: 'What does npm ci do?' }] })).text();
    const chat = proxy.exchanges.filter((exchange) => exchange.path.includes('generation') || exchange.path.includes('chat')).at(-1);
    expect(chat).toMatchObject({ finished: true, clientLeftEarly: false });
  });

  it('serves the page at GET / with the docs folder name', async () => {
    const response = await fetch(`${serve.url}/`);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await response.text();
    expect(html).toContain('<h1>Ask docs</h1>');
    expect(html).toContain("fetch('/api/answer'");
  });

  it('streams the page events as NDJSON: sources with their chunk text, deltas, then the result', async () => {
    const response = await post('/api/answer', { question: 'How do I set a proxy?' });
    expect(response.headers.get('content-type')).toBe('application/x-ndjson; charset=utf-8');
    const events = (await response.text()).trim().split('\n').map((line) => JSON.parse(line) as { type: string; [key: string]: unknown });
    expect(events[0]).toMatchObject({ type: 'sources', question: 'How do I set a proxy?' });
    expect((events[0]?.sources as Array<{ text: string }>).some((source) => source.text.includes('npm config set proxy'))).toBe(true);
    expect(events.slice(1, -1).every((event) => event.type === 'delta')).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'done', result: { citations: expect.any(Array), model: 'qwen-plus' } });
  });

  it('answers 403 to a Host header that is not a loopback name, 404 as JSON', async () => {
    const status = await new Promise<number | undefined>((resolve, reject) => {
      const url = new URL(serve.url);
      httpRequest({ host: url.hostname, port: url.port, path: '/', headers: { host: 'attacker.example' } }, (response) => {
        response.resume();
        resolve(response.statusCode);
      })
        .on('error', reject)
        .end();
    });
    expect(status).toBe(403);
    const missing = await fetch(`${serve.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses a non-loopback --host without --allow-remote, exit 2, before indexing', async () => {
    const run = await runCliCaptured(['serve', '--host', '0.0.0.0', '--docs', join(work, 'docs'), '--index', join(work, 'other-index')]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--allow-remote');
  });
});

describe('dashscope-kit serve without an API key', () => {
  it('answers offline on the built-in emulator, then stops cleanly with exit 0 and closes the server', async () => {
    const offline = await startServeCommand(['--docs', join(work, 'docs'), '--index', join(work, 'offline-index')], { env: {}, cwd: work });
    expect(offline.json.offline).toBe(true);
    const response = await fetch(`${offline.url}/chat/completions/stream`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ messages: [{ role: 'user', content: 'What does npm ci do?' }] }) });
    expect(await response.text()).toContain('ci.md — npm ci > Description');
    expect(await offline.stop()).toBe(0);
    expect(offline.stderr()).toContain('serve stopped');
    await expect(fetch(offline.url)).rejects.toThrow();
  });
});

describe('dashscope-kit serve in its own process', () => {
  it('stops on SIGTERM with exit 0 and leaves the index store closed cleanly for the next run', async () => {
    const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'dist', 'cli', 'main.js');
    const index = join(work, 'spawned-index');
    const child = spawn(process.execPath, [main, 'serve', '--docs', join(work, 'docs'), '--index', index, '--port', '0'], { cwd: work, env: { ...process.env, ...emulator.env, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const closed = new Promise<number | null>((resolve) => child.on('close', resolve));
    const url = await new Promise<string>((resolve) => createInterface({ input: child.stdout }).once('line', resolve));
    expect((await fetch(`${url}/v1/models`)).status).toBe(200);
    child.kill('SIGTERM');
    expect(await closed).toBe(0);
    expect(stderr).toMatch(/serve stopped\n$/);
    const again = await runCliCaptured(['index', join(work, 'docs'), '--index', index], { env: emulator.env });
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/^index: 4 files \(0 new, 0 changed, 4 unchanged/m);
  });
});
