import { mkdtempSync, openAsBlob, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InternalServerError, NotFoundError, RateLimitError } from '../../core/errors.js';
import { BatchFailedError } from '../../resources/batches/batch-failed-error.js';
import { buildBatchInput, type BatchRequest } from '../../resources/batches/build-batch-input.js';
import { readBatchResults } from '../../resources/batches/read-batch-results.js';
import type { BatchEndpoint } from '../../wire/batches.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../index.js';

let now = Date.UTC(2026, 11, 3, 8, 0, 0);
let emulator: Emulator;
let server: EmulatorServer;

const client = (maxRetries = 0) => new DashScope({ apiKey: 'sk-test-batch', baseURL: server.url, maxRetries });
const chatLine = (id: string, content: string, model = 'qwen-plus'): BatchRequest => ({ custom_id: id, body: { model, messages: [{ role: 'user', content }] } });

async function submit(endpoint: BatchEndpoint, requests: BatchRequest[] | string) {
  const file = typeof requests === 'string' ? requests : buildBatchInput(endpoint, requests).file;
  const uploaded = await client().files.create({ file, purpose: 'batch', filename: 'input.jsonl' });
  return client().batches.create({ input_file_id: uploaded.id, endpoint, metadata: { ds_name: 'contract' } });
}

async function lines(fileId: string | null | undefined): Promise<Record<string, unknown>[]> {
  if (!fileId) return [];
  const out: Record<string, unknown>[] = [];
  for await (const line of (await client().files.content(fileId)).lines()) out.push(JSON.parse(line) as Record<string, unknown>);
  return out;
}

async function syncBody(path: string, body: unknown): Promise<Record<string, unknown>> {
  const response = await fetch(server.url + path, { method: 'POST', headers: { authorization: 'Bearer sk-test-batch', 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return (await response.json()) as Record<string, unknown>;
}

const strip = ({ id: _id, created: _created, ...rest }: Record<string, unknown>) => rest;

beforeAll(async () => {
  emulator = createEmulator({ seed: 7, clock: () => now, batch: { validatingMs: 1_000, lineMs: 1_000, finalizingMs: 1_000, cancellingMs: 1_000 } });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
afterEach(() => {
  emulator.reset();
  emulator.configure({ faults: {}, rateLimits: {}, batch: { validatingMs: 1_000, lineMs: 1_000, finalizingMs: 1_000, cancellingMs: 1_000 } });
});

describe('emulated Files API', () => {
  it('uploads, retrieves, lists, streams and deletes a file', async () => {
    const text = '{"a":1}\n{"b":2}\n';
    const file = await client().files.create({ file: text, purpose: 'batch', filename: 'x.jsonl' });
    expect(file).toMatchObject({ object: 'file', bytes: 16, filename: 'x.jsonl', purpose: 'batch', status: 'processed', created_at: Math.floor(now / 1000) });
    expect(file.id).toMatch(/^file-batch-[0-9a-f]{24}$/);
    await client().files.create({ file: new TextEncoder().encode('doc'), purpose: 'file-extract', filename: 'd.txt' });
    expect((await client().files.retrieve(file.id)).filename).toBe('x.jsonl');
    expect((await client().files.list({ purpose: 'batch' })).data.map((entry) => entry.id)).toEqual([file.id]);
    const all = await client().files.list({ limit: 1 });
    expect(all).toMatchObject({ has_more: true, data: [{ purpose: 'file-extract' }] });
    expect((await client().files.list({ after: all.data[0]?.id })).data.map((entry) => entry.id)).toEqual([file.id]);
    expect(await (await client().files.content(file.id)).text()).toBe(text);
    expect(await client().files.delete(file.id)).toEqual({ id: file.id, object: 'file', deleted: true });
    await expect(client().files.retrieve(file.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client().files.content(file.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('uploads a file from disk through fs.openAsBlob and reads it back line by line', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'dashscope-kit-files-'));
    try {
      const path = join(directory, 'requests.jsonl');
      const jsonl = buildBatchInput('/v1/chat/completions', Array.from({ length: 300 }, (_, n) => chatLine(`r${n}`, `question ${n}`))).jsonl;
      writeFileSync(path, jsonl);
      const file = await client().files.create({ file: await openAsBlob(path), purpose: 'batch', filename: 'requests.jsonl' });
      expect(file.bytes).toBe(Buffer.byteLength(jsonl));
      const ids: string[] = [];
      for await (const line of (await client().files.content(file.id)).lines()) ids.push((JSON.parse(line) as { custom_id: string }).custom_id);
      expect(ids).toHaveLength(300);
      expect(ids.at(-1)).toBe('r299');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });

  it('refuses an unknown purpose with a 400', async () => {
    await expect(client().files.create({ file: 'x', purpose: 'fine-tune-x' })).rejects.toMatchObject({ status: 400 });
  });
});

describe('emulated batch lifecycle', () => {
  it('moves a chat batch through validating, in_progress, finalizing and completed with synchronous answers', async () => {
    const requests = [chatLine('a', 'What is a vector database?'), chatLine('b', 'Name three rivers.')];
    const created = await submit('/v1/chat/completions', requests);
    expect(created).toMatchObject({ status: 'validating', request_counts: { total: 0, completed: 0, failed: 0 }, metadata: { ds_name: 'contract' }, output_file_id: null });
    expect(created.id).toMatch(/^batch_[0-9a-f-]{36}$/);
    now += 1_000;
    expect(await client().batches.retrieve(created.id)).toMatchObject({ status: 'in_progress', request_counts: { total: 2, completed: 0 }, in_progress_at: Math.floor(now / 1000) });
    now += 1_000;
    expect((await client().batches.retrieve(created.id)).request_counts).toEqual({ total: 2, completed: 1, failed: 0 });
    now += 1_000;
    expect((await client().batches.retrieve(created.id)).status).toBe('finalizing');
    now += 1_000;
    const done = await client().batches.retrieve(created.id);
    expect(done).toMatchObject({ status: 'completed', request_counts: { total: 2, completed: 2, failed: 0 }, error_file_id: null });
    expect(done.completed_at).toBe(Math.floor(now / 1000));
    const output = await lines(done.output_file_id);
    expect(output.map((line) => line.custom_id)).toEqual(['a', 'b']);
    await client().batches.retrieve(created.id);
    await client().batches.list();
    const billed = emulator.stats().batchLines['qwen-plus'];
    expect(billed).toMatchObject({ billed: 2, failed: 0 });
    expect(billed?.outputTokens).toBeGreaterThan(0);
    expect(emulator.stats().models['qwen-plus']).toBeUndefined();
    for (const request of requests) {
      const line = output.find((entry) => entry.custom_id === request.custom_id) as { id: string; response: { status_code: number; request_id: string; body: Record<string, unknown> }; error: null };
      expect(line.response.status_code).toBe(200);
      expect(line.response.request_id).toBe(line.id);
      expect(line.response.body.id).toBe(`chatcmpl-${line.id}`);
      expect(strip(line.response.body)).toEqual(strip(await syncBody('/compatible-mode/v1/chat/completions', request.body)));
    }
  });

  it('answers an embedding batch with the vectors of the synchronous endpoint, failed lines in the error file', async () => {
    const requests: BatchRequest[] = [
      { custom_id: 'x', body: { model: 'text-embedding-v4', input: 'batch embeddings are half price', dimensions: 256 } },
      { custom_id: 'y', body: { model: 'text-embedding-v4', input: 'x', dimensions: 7 } },
    ];
    const created = await submit('/v1/embeddings', requests);
    now += 10_000;
    const done = await client().batches.wait(created.id, { pollIntervalMs: 0 });
    expect(done.request_counts).toEqual({ total: 2, completed: 1, failed: 1 });
    const results = await readBatchResults(client().files, done);
    const ok = results.get('x');
    const sync = (await syncBody('/compatible-mode/v1/embeddings', requests[0]?.body)) as { data: { embedding: number[] }[] };
    expect(ok?.ok && (ok.body as { data: { embedding: number[] }[] }).data[0]?.embedding).toEqual(sync.data[0]?.embedding);
    expect(results.get('y')).toMatchObject({ ok: false, status_code: 400 });
  });

  it('fails validation with the code and line of each problem, and wait throws BatchFailedError', async () => {
    const input = [
      { custom_id: '1', method: 'POST', url: '/v1/chat/completions', body: { model: 'qwen-plus', messages: [] } },
      { custom_id: '1', method: 'POST', url: '/v1/chat/completions', body: { model: 'qwen-plus', messages: [] } },
      { custom_id: '3', method: 'POST', url: '/v1/chat/completions', body: { model: 'qwen-max', messages: [] } },
      { custom_id: '4', method: 'POST', url: '/v1/embeddings', body: { model: 'qwen-plus', input: 'x' } },
    ]
      .map((line) => JSON.stringify(line))
      .join('\n');
    const created = await submit('/v1/chat/completions', input);
    now += 1_000;
    const failed = await client().batches.retrieve(created.id);
    expect(failed).toMatchObject({ status: 'failed', failed_at: Math.floor(now / 1000), output_file_id: null });
    expect(failed.errors?.data?.map((error) => [error.code, error.line])).toEqual([
      ['duplicate_custom_id', 2],
      ['mismatched_model', 3],
      ['url_not_found', 4],
    ]);
    const error = await client().batches.wait(created.id).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BatchFailedError);
    expect(error).toMatchObject({ code: 'duplicate_custom_id', line: 2 });
  });

  it('cancels: cancelling, then cancelled, keeping lines answered before the cancel', async () => {
    const created = await submit('/v1/chat/completions', [chatLine('a', 'one'), chatLine('b', 'two'), chatLine('c', 'three')]);
    now += 2_000;
    const cancelling = await client().batches.cancel(created.id);
    expect(cancelling).toMatchObject({ status: 'cancelling', cancelling_at: Math.floor(now / 1000), cancelled_at: null });
    now += 1_000;
    const cancelled = await client().batches.retrieve(created.id);
    expect(cancelled).toMatchObject({ status: 'cancelled', request_counts: { total: 3, completed: 1, failed: 2 } });
    expect((await lines(cancelled.output_file_id)).map((line) => line.custom_id)).toEqual(['a']);
    expect((await lines(cancelled.error_file_id)).map((line) => [line.custom_id, (line.error as { code: string }).code])).toEqual([
      ['b', 'batch_cancelled'],
      ['c', 'batch_cancelled'],
    ]);
    await expect(client().batches.cancel(created.id)).rejects.toMatchObject({ status: 400 });
    expect(emulator.stats().batchLines['qwen-plus']).toMatchObject({ billed: 1, failed: 2 });
  });

  it('expires a batch still running at the end of its window', async () => {
    emulator.configure({ batch: { validatingMs: 1_000, lineMs: 1_000, finalizingMs: 1_000, windowMs: 2_500 } });
    const created = await submit('/v1/chat/completions', [chatLine('a', 'one'), chatLine('b', 'two'), chatLine('c', 'three')]);
    now += 3_000;
    const expired = await client().batches.retrieve(created.id);
    expect(expired).toMatchObject({ status: 'expired', request_counts: { total: 3, completed: 1, failed: 2 } });
    expect((await lines(expired.error_file_id)).map((line) => (line.error as { code: string }).code)).toEqual(['batch_expired', 'batch_expired']);
  });

  it('runs the ds-test dry run', async () => {
    const created = await submit('/v1/chat/ds-test', [chatLine('t', 'hello', 'batch-test-model')]);
    now += 10_000;
    const done = await client().batches.retrieve(created.id);
    expect(done.status).toBe('completed');
    expect((await lines(done.output_file_id))[0]).toMatchObject({ custom_id: 't', response: { status_code: 200, body: { object: 'chat.completion', model: 'batch-test-model' } } });
  });

  it('reports progress to wait() until completion', async () => {
    emulator.configure({ batch: { validatingMs: 0, lineMs: 0, finalizingMs: 0 } });
    const created = await submit('/v1/chat/completions', [chatLine('a', 'one')]);
    const seen: string[] = [];
    const done = await client().batches.wait(created.id, { pollIntervalMs: 1, onProgress: (batch) => seen.push(batch.status) });
    expect(done.status).toBe('completed');
    expect(seen.at(-1)).toBe('completed');
  });
});

describe('emulated batch listing, reset, faults and limits', () => {
  it('lists newest first with filters and pages, and an empty listing as an empty array', async () => {
    expect((await client().batches.list()).data).toEqual([]);
    const first = await submit('/v1/chat/completions', [chatLine('a', 'one')]);
    const second = await submit('/v1/chat/completions', [chatLine('a', 'two')]);
    const page = await client().batches.list({ limit: 1 });
    expect(page).toMatchObject({ has_more: true, first_id: second.id, last_id: second.id });
    expect((await client().batches.list({ after: page.last_id })).data.map((batch) => batch.id)).toEqual([first.id]);
    expect((await client().batches.list({ input_file_ids: [first.input_file_id] })).data.map((batch) => batch.id)).toEqual([first.id]);
    expect((await client().batches.list({ status: ['completed'] })).data).toEqual([]);
    expect((await client().batches.list({ ds_name: 'contr' })).data).toHaveLength(2);
  });

  it('forgets files and batches on reset', async () => {
    const created = await submit('/v1/chat/completions', [chatLine('a', 'one')]);
    emulator.reset();
    await expect(client().batches.retrieve(created.id)).rejects.toBeInstanceOf(NotFoundError);
    await expect(client().files.retrieve(created.input_file_id)).rejects.toBeInstanceOf(NotFoundError);
    expect((await client().files.list()).data).toEqual([]);
  });

  it('injects faults into batch calls, which the client retries', async () => {
    const file = await client().files.create({ file: buildBatchInput('/v1/chat/completions', [chatLine('a', 'one')]).file, purpose: 'batch' });
    emulator.configure({ faults: { sequence: ['500'], endpoints: ['batches'] } });
    await expect(client().batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions' })).rejects.toBeInstanceOf(InternalServerError);
    emulator.configure({ faults: { sequence: ['503'], endpoints: ['batches'] } });
    expect((await client(1).batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions' })).status).toBe('validating');
  });

  it('limits file uploads in their own bucket, which a "*" model limit does not reach', async () => {
    emulator.configure({ rateLimits: { '*': { rpm: 60 } } });
    await client().files.create({ file: 'a', purpose: 'batch' });
    await client().files.create({ file: 'b', purpose: 'batch' });
    emulator.configure({ rateLimits: { 'files.upload': { rpm: 60 } } });
    await client().files.create({ file: 'c', purpose: 'batch' });
    await expect(client().files.create({ file: 'd', purpose: 'batch' })).rejects.toMatchObject({ status: 429, code: 'limit_requests' });
  });

  it('throttles batch creation with Throttling.AllocationQuota over its limit', async () => {
    emulator.configure({ rateLimits: { 'batches.create': { rpm: 60 } } });
    const file = await client().files.create({ file: buildBatchInput('/v1/chat/completions', [chatLine('a', 'one')]).file, purpose: 'batch' });
    await client().batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions' });
    const error = await client().batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RateLimitError);
    expect(error).toMatchObject({ status: 429, code: 'Throttling.AllocationQuota', isRetryable: true });
    expect((error as Error).message).toContain('Batch requests are being throttled');
  });
});
