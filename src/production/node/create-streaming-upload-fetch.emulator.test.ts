import { openAsBlob, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { APIConnectionError, APIUserAbortError } from '../../core/errors.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../../emulator/index.js';
import { createStreamingUploadFetch } from './create-streaming-upload-fetch.js';

let emulator: Emulator;
let server: EmulatorServer;
const folder = mkdtempSync(join(tmpdir(), 'dashscope-kit-streaming-upload-'));
const line = (n: number) => `{"custom_id":"r${n}","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-v4","input":"text ${n}"}}\n`;
const content = Array.from({ length: 40_000 }, (_, n) => line(n)).join('');
const path = join(folder, 'requests.jsonl');

beforeAll(async () => {
  writeFileSync(path, content);
  emulator = createEmulator({ seed: 7 });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const client = (maxRetries = 0) => new DashScope({ apiKey: 'sk-test-streaming', baseURL: server.url, maxRetries, fetch: createStreamingUploadFetch() });

describe('createStreamingUploadFetch', () => {
  it('uploads a file-backed Blob over node:http; the stored bytes equal the file, and other calls still go through fetch', async () => {
    const file = await client().files.create({ file: await openAsBlob(path), purpose: 'batch', filename: 'requests.jsonl' });
    expect(file).toMatchObject({ purpose: 'batch', filename: 'requests.jsonl', bytes: Buffer.byteLength(content) });
    expect(await (await client().files.content(file.id)).text()).toBe(content);
    expect((await client().files.list()).data.map((item) => item.id)).toContain(file.id);
  });

  it('sends the body again from its first byte when the first attempt is reset', async () => {
    emulator.configure({ faults: { sequence: ['reset-before-headers'], endpoints: ['files'] } });
    try {
      const file = await client(1).files.create({ file: await openAsBlob(path), purpose: 'batch' });
      expect(await (await client().files.content(file.id)).text()).toBe(content);
    } finally {
      emulator.configure({ faults: {} });
    }
  });

  it('reports a reset with no retry left as a connection error, like fetch', async () => {
    emulator.configure({ faults: { sequence: ['reset-before-headers'], endpoints: ['files'] } });
    try {
      await expect(client(0).files.create({ file: 'x\n', purpose: 'batch' })).rejects.toBeInstanceOf(APIConnectionError);
    } finally {
      emulator.configure({ faults: {} });
    }
  });

  it('aborts an upload in flight with APIUserAbortError', async () => {
    emulator.configure({ faults: { sequence: ['stall'], endpoints: ['files'], stallMs: 10_000 } });
    try {
      const controller = new AbortController();
      const upload = client().files.create({ file: await openAsBlob(path), purpose: 'batch' }, { signal: controller.signal });
      setTimeout(() => controller.abort(), 100);
      await expect(upload).rejects.toBeInstanceOf(APIUserAbortError);
    } finally {
      emulator.configure({ faults: {} });
    }
  });
});
