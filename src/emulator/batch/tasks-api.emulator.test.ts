import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { APIUserAbortError, BadRequestError, NotFoundError } from '../../core/errors.js';
import { readEmbeddingTaskResult, type EmbeddingTaskRow } from '../../resources/tasks/read-embedding-task-result.js';
import { TaskFailedError } from '../../resources/tasks/task-failed-error.js';
import { TaskNotFoundError } from '../../resources/tasks/task-not-found-error.js';
import type { Task } from '../../wire/tasks.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../index.js';

let now = Date.UTC(2026, 11, 3, 9, 0, 0);
let emulator: Emulator;
let server: EmulatorServer;
let files: Server;
let filesOrigin: string;
const served = new Map<string, string>();
const client = () => new DashScope({ apiKey: 'sk-test-tasks', baseURL: server.url, maxRetries: 0 });
const timing = { validatingMs: 1_000, lineMs: 1_000, finalizingMs: 1_000, cancellingMs: 1_000 };

function serve(name: string, text: string): string {
  served.set(`/${name}`, text);
  return `${filesOrigin}/${name}`;
}

async function rows(task: Task): Promise<EmbeddingTaskRow[]> {
  const out: EmbeddingTaskRow[] = [];
  for await (const row of readEmbeddingTaskResult(task)) out.push(row);
  return out;
}

beforeAll(async () => {
  emulator = createEmulator({ seed: 3, clock: () => now, batch: timing });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
  files = createServer((request, response) => {
    const text = served.get(request.url ?? '');
    response.writeHead(text === undefined ? 404 : 200, { 'content-type': 'text/plain' }).end(text ?? 'missing');
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve));
  filesOrigin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await server.close();
  await new Promise((resolve) => files.close(resolve));
});
afterEach(() => {
  emulator.reset();
  emulator.configure({ batch: timing, rateLimits: {} });
});

describe('emulated async batch embedding', () => {
  it('moves a task through PENDING, RUNNING and SUCCEEDED and serves vectors equal to the synchronous ones', async () => {
    const texts = ['batch embeddings are cheap', 'the second line', 'third'];
    const task = await client().tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: serve('in.txt', `${texts.join('\n')}\n`) }, parameters: { text_type: 'document' } });
    expect(task.output.task_status).toBe('PENDING');
    expect((await client().tasks.get(task.output.task_id)).output.task_status).toBe('PENDING');
    now += 2_000;
    const running = await client().tasks.get(task.output.task_id);
    expect(running.output).toMatchObject({ task_status: 'RUNNING', task_metrics: { TOTAL: 3, SUCCEEDED: 1, FAILED: 0 } });
    expect(running.output.url).toBeUndefined();
    now += 2_000;
    const done = await client().tasks.wait(task.output.task_id, { pollIntervalMs: 0 });
    expect(done.output).toMatchObject({ task_status: 'SUCCEEDED', task_metrics: { TOTAL: 3, SUCCEEDED: 3, FAILED: 0 } });
    expect(done.output.submit_time).toBe('2026-12-03 09:00:00.000');
    expect(done.usage?.total_tokens).toBeGreaterThan(0);
    const result = await rows(done);
    expect(result.map((row) => row.text_index)).toEqual([0, 1, 2]);
    const sync = await client().embeddings.create({ model: 'text-embedding-v2', input: texts });
    for (const row of result) {
      expect(row.embedding).toHaveLength(1536);
      expect(row.embedding).toEqual(sync.embeddings[row.text_index]?.embedding);
    }
  });

  it('gives an empty line its own error row and keeps the others', async () => {
    const task = await client().tasks.createEmbedding({ model: 'text-embedding-async-v1', input: { url: serve('gap.txt', 'one\n\nthree') } });
    now += 10_000;
    const result = await rows(await client().tasks.wait(task.output.task_id, { pollIntervalMs: 0 }));
    expect(result[1]).toMatchObject({ text_index: 1, embedding: undefined, error: { code: 'InvalidParameter' } });
    expect(result.filter((row) => row.embedding)).toHaveLength(2);
  });

  it('fails a task whose input cannot be downloaded, and wait throws TaskFailedError with the code', async () => {
    const task = await client().tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: `${filesOrigin}/absent.txt` } });
    now += 1_000;
    const error = await client().tasks.wait(task.output.task_id, { pollIntervalMs: 0 }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskFailedError);
    expect(error).toMatchObject({ code: 'InvalidURL' });
  });

  it('cancels a PENDING task and refuses to cancel a running one with 400 UnsupportedOperation', async () => {
    const first = await client().tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: serve('a.txt', 'a\nb\n') } });
    await client().tasks.cancel(first.output.task_id);
    expect((await client().tasks.wait(first.output.task_id)).output.task_status).toBe('CANCELED');
    const second = await client().tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: serve('b.txt', 'a\nb\n') } });
    now += 1_500;
    expect((await client().tasks.get(second.output.task_id)).output.task_status).toBe('RUNNING');
    const refused = await client().tasks.cancel(second.output.task_id).catch((caught: unknown) => caught);
    expect(refused).toBeInstanceOf(BadRequestError);
    expect(refused).toMatchObject({ status: 400, code: 'UnsupportedOperation' });
  });

  it('answers an unknown task id with HTTP 200 UNKNOWN, which the SDK throws as TaskNotFoundError', async () => {
    const raw = await fetch(`${server.url}/api/v1/tasks/0b6b9a1e-0000-0000-0000-000000000000`, { headers: { authorization: 'Bearer sk-test-tasks' } });
    expect(raw.status).toBe(200);
    expect(((await raw.json()) as Task).output.task_status).toBe('UNKNOWN');
    const error = await client().tasks.get('0b6b9a1e-0000-0000-0000-000000000000').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(TaskNotFoundError);
    expect(error).toBeInstanceOf(NotFoundError);
    expect(error).toMatchObject({ taskId: '0b6b9a1e-0000-0000-0000-000000000000', code: 'UNKNOWN', isRetryable: false });
  });

  it('lists tasks newest first, paged and filtered by status; reset() clears them', async () => {
    const ids: string[] = [];
    for (const name of ['l1', 'l2', 'l3']) ids.push((await client().tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: serve(`${name}.txt`, 'x\n') } })).output.task_id);
    await client().tasks.cancel(ids[0] as string);
    const page = await client().tasks.list({ page_no: 1, page_size: 2 });
    expect(page).toMatchObject({ total: 3, total_page: 2, page_no: 1, page_size: 2 });
    expect(page.data.map((row) => row.task_id)).toEqual([ids[2], ids[1]]);
    expect(page.data[0]).toMatchObject({ status: 'PENDING', model_name: 'text-embedding-async-v2' });
    expect((await client().tasks.list({ status: 'CANCELED' })).data.map((row) => row.task_id)).toEqual([ids[0]]);
    emulator.reset();
    expect((await client().tasks.list()).data).toEqual([]);
    await expect(client().tasks.get(ids[1] as string)).rejects.toBeInstanceOf(TaskNotFoundError);
  });

  it('stops waiting on abort, the task running on', async () => {
    const task = await client().tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: serve('w.txt', 'x\n') } });
    const controller = new AbortController();
    const waiting = client().tasks.wait(task.output.task_id, { pollIntervalMs: 5, signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expect(waiting).rejects.toBeInstanceOf(APIUserAbortError);
    expect((await client().tasks.get(task.output.task_id)).output.task_status).toBe('PENDING');
  });

  it('throttles task submission at 1 RPS under the catalog limits', async () => {
    emulator.configure({ rateLimits: 'catalog' });
    await client().tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: serve('r.txt', 'x\n') } });
    await expect(client().tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: serve('r.txt', 'x\n') } })).rejects.toMatchObject({ status: 429 });
  });
});
