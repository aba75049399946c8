import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { buildBatchInput } from '../../resources/batches/build-batch-input.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../index.js';

let now = Date.UTC(2026, 11, 3, 9, 0, 0);
let emulator: Emulator;
let server: EmulatorServer;
const folder = join(mkdtempSync(join(tmpdir(), 'dashscope-kit-emulator-files-')), 'store');
const client = () => new DashScope({ apiKey: 'sk-test-folder', baseURL: server.url, maxRetries: 0 });

beforeAll(async () => {
  emulator = createEmulator({ seed: 3, clock: () => now, filesFolder: folder, batch: { validatingMs: 10, lineMs: 10, finalizingMs: 10, cancellingMs: 10 } });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
  rmSync(join(folder, '..'), { recursive: true, force: true });
});

describe('emulator filesFolder', () => {
  it('keeps uploaded and batch output bytes as files under the folder, serves them, and removes them on delete and reset', async () => {
    const { file, jsonl } = buildBatchInput('/v1/embeddings', [
      { custom_id: 'a', body: { model: 'text-embedding-v4', input: 'first text' } },
      { custom_id: 'b', body: { model: 'text-embedding-v4', input: 'second text' } },
    ]);
    const uploaded = await client().files.create({ file, purpose: 'batch', filename: 'in.jsonl' });
    expect(uploaded.bytes).toBe(Buffer.byteLength(jsonl));
    expect(readFileSync(join(folder, uploaded.id), 'utf8')).toBe(jsonl);
    expect(await (await client().files.content(uploaded.id)).text()).toBe(jsonl);
    const batch = await client().batches.create({ input_file_id: uploaded.id, endpoint: '/v1/embeddings' });
    now += 1_000;
    const done = await client().batches.retrieve(batch.id);
    expect(done).toMatchObject({ status: 'completed', request_counts: { total: 2, completed: 2, failed: 0 } });
    const output = readFileSync(join(folder, String(done.output_file_id)), 'utf8');
    expect(output.trim().split('\n').map((line) => (JSON.parse(line) as { custom_id: string }).custom_id)).toEqual(['a', 'b']);
    expect(await (await client().files.content(String(done.output_file_id))).text()).toBe(output);
    await client().files.delete(uploaded.id);
    expect(existsSync(join(folder, uploaded.id))).toBe(false);
    expect(readdirSync(folder)).toEqual([String(done.output_file_id)]);
    emulator.reset();
    await expect.poll(() => readdirSync(folder)).toEqual([]);
  });
});
