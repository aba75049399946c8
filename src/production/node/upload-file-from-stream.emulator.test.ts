import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { APIUserAbortError, BadRequestError, InputValidationError } from '../../core/errors.js';
import { createEmulator, type EmulatorServer } from '../../emulator/index.js';
import { uploadFileFromStream } from './upload-file-from-stream.js';

let server: EmulatorServer;
const spool = mkdtempSync(join(tmpdir(), 'dashscope-kit-spool-test-'));
const client = () => new DashScope({ apiKey: 'sk-test-stream', baseURL: server.url, maxRetries: 0 });
const line = (n: number) => `{"custom_id":"r${n}","method":"POST","url":"/v1/embeddings","body":{"model":"text-embedding-v4","input":"text number ${n}"}}\n`;

async function* lines(count: number, failAt?: number) {
  for (let n = 0; n < count; n++) {
    if (n === failAt) throw new Error('source broke');
    yield line(n);
  }
}

beforeAll(async () => {
  server = await createEmulator({ seed: 5 }).serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(spool, { recursive: true, force: true });
});

describe('uploadFileFromStream', () => {
  it('uploads an async iterable of lines through a temporary file and leaves no temporary file behind', async () => {
    const file = await uploadFileFromStream(client(), lines(20_000), { purpose: 'batch', filename: 'stream.jsonl', tempDir: spool });
    const expected = Array.from({ length: 20_000 }, (_, n) => line(n)).join('');
    expect(file).toMatchObject({ purpose: 'batch', filename: 'stream.jsonl', bytes: Buffer.byteLength(expected) });
    expect(await (await client().files.content(file.id)).text()).toBe(expected);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('uploads a Node Readable of bytes', async () => {
    const file = await uploadFileFromStream(client(), Readable.from([Buffer.from(line(0)), Buffer.from(line(1))]), { purpose: 'batch', tempDir: spool });
    expect(await (await client().files.content(file.id)).text()).toBe(line(0) + line(1));
    expect(file.filename).toBe('upload.jsonl');
  });

  it("rejects with the stream's error, sends nothing, and removes the temporary file", async () => {
    const before = (await client().files.list()).data.length;
    await expect(uploadFileFromStream(client(), lines(1_000, 500), { purpose: 'batch', tempDir: spool })).rejects.toThrow('source broke');
    expect((await client().files.list()).data).toHaveLength(before);
    expect(readdirSync(spool)).toEqual([]);
  });

  it("rejects with the service's error and still removes the temporary file", async () => {
    await expect(uploadFileFromStream(client(), lines(3), { purpose: 'fine-tune-x', tempDir: spool })).rejects.toBeInstanceOf(BadRequestError);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('rejects an aborted upload with APIUserAbortError and removes the temporary file', async () => {
    const controller = new AbortController();
    async function* slow() {
      yield line(0);
      controller.abort();
      await new Promise((resolve) => setTimeout(resolve, 50));
      yield line(1);
    }
    await expect(uploadFileFromStream(client(), slow(), { purpose: 'batch', tempDir: spool }, { signal: controller.signal })).rejects.toBeInstanceOf(APIUserAbortError);
    expect(readdirSync(spool)).toEqual([]);
  });

  it('refuses a missing purpose before reading the stream', async () => {
    await expect(uploadFileFromStream(client(), lines(1), { purpose: '' as 'batch', tempDir: spool })).rejects.toBeInstanceOf(InputValidationError);
    expect(readdirSync(spool)).toEqual([]);
  });
});
