import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBatchInput } from '../../resources/batches/build-batch-input.js';
import type { Batch } from '../../wire/batches.js';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';

let server: RunningEmulator;
let folder: string;

beforeAll(async () => {
  server = await startEmulatorServer({ batch: { validatingMs: 5, lineMs: 5, finalizingMs: 5, cancellingMs: 5 } });
  folder = mkdtempSync(join(tmpdir(), 'dsk-batch-cli-'));
  const chat = buildBatchInput('/v1/chat/completions', [
    { custom_id: 'q1', body: { model: 'qwen-plus', messages: [{ role: 'user', content: 'Name a river.' }] } },
    { custom_id: 'q2', body: { model: 'qwen-plus', messages: [{ role: 'user', content: 'Name a mountain.' }] } },
  ]);
  writeFileSync(join(folder, 'chat.jsonl'), chat.jsonl);
  writeFileSync(join(folder, 'long.jsonl'), buildBatchInput('/v1/embeddings', Array.from({ length: 400 }, (_, n) => ({ custom_id: `e${n}`, body: { model: 'text-embedding-v4', input: `text ${n}` } }))).jsonl);
  writeFileSync(join(folder, 'bad.jsonl'), '{"custom_id":"x","url":"/v1/unknown","body":{}}\n');
});
afterAll(async () => {
  await server.close();
  rmSync(folder, { recursive: true, force: true });
});

const cli = (args: string[]) => runCliCaptured(['batch', ...args], { env: server.env, cwd: folder });

describe('dashscope-kit batch', () => {
  it('creates a batch from a JSONL (endpoint from its lines), waits, shows its status and prints its results by custom_id', async () => {
    const created = await cli(['create', 'chat.jsonl', '--name', 'cli-test', '--wait', '--json']);
    expect(created.code).toBe(0);
    const batch = JSON.parse(created.stdout) as Batch;
    expect(batch).toMatchObject({ status: 'completed', endpoint: '/v1/chat/completions', request_counts: { total: 2, completed: 2, failed: 0 }, metadata: { ds_name: 'cli-test' } });
    expect(created.stderr).toMatch(/completed: 2\/2 done, 0 failed/);
    const status = await cli(['status', batch.id]);
    expect(status.stdout).toContain(`${batch.id} completed /v1/chat/completions: 2/2 done, 0 failed; output file-batch_output-`);
    const results = await cli(['results', batch.id]);
    const lines = results.stdout.trim().split('\n').map((line) => JSON.parse(line) as { custom_id: string; ok: boolean; body: { object: string } });
    expect(lines.map((line) => [line.custom_id, line.ok, line.body.object]).sort()).toEqual([
      ['q1', true, 'chat.completion'],
      ['q2', true, 'chat.completion'],
    ]);
    const json = JSON.parse((await cli(['results', batch.id, '--json'])).stdout) as { batch: Batch; results: unknown[] };
    expect(json.batch.id).toBe(batch.id);
    expect(json.results).toHaveLength(2);
  });

  it('lists batches as a table or JSON, and cancels a running one', async () => {
    const created = JSON.parse((await cli(['create', 'long.jsonl', '--json'])).stdout) as Batch;
    const cancelled = JSON.parse((await cli(['cancel', created.id, '--json'])).stdout) as Batch;
    expect(cancelled.status).toBe('cancelling');
    const listed = JSON.parse((await cli(['list', '--json'])).stdout) as { data: Batch[] };
    expect(listed.data[0]?.id).toBe(created.id);
    const table = await cli(['list', '--status', 'cancelled']);
    expect(table.stdout).toContain(created.id);
    expect(table.stdout).toContain('/v1/embeddings');
  });

  it('refuses a file whose lines name no batch endpoint (exit 2), a missing file (exit 7) and results of a running batch', async () => {
    expect((await cli(['create', 'bad.jsonl'])).code).toBe(2);
    expect((await cli(['create', 'absent.jsonl'])).code).toBe(7);
    const created = JSON.parse((await cli(['create', 'long.jsonl', '--json'])).stdout) as Batch;
    const early = await cli(['results', created.id]);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('has no result files yet');
    const unknown = await cli(['status', 'batch_00000000-0000-0000-0000-000000000000']);
    expect(unknown.code).not.toBe(0);
  });
});
