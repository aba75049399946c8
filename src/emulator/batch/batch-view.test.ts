import { describe, expect, it } from 'vitest';
import type { LineAnswer } from './answer-batch-line.js';
import type { BatchRecord } from './batch-record.js';
import { batchObject } from './batch-view.js';
import { createBatchWorld } from './batch-world.js';

const line = (n: number) => ({ custom_id: `r${n}`, method: 'POST' as const, url: '/v1/embeddings', body: { model: 'text-embedding-v4', input: `text ${n}` } });
const answerOf = (n: number, status: number): LineAnswer => ({ custom_id: `r${n}`, request_id: `q${n}`, status_code: status, body: { n }, outputTokens: 0, inputTokens: 2, model: 'text-embedding-v4' });

function record(count: number, statuses: (n: number) => number): BatchRecord {
  const lines = Array.from({ length: count }, (_, n) => line(n));
  return {
    id: 'batch_view',
    endpoint: '/v1/embeddings',
    input_file_id: 'file-batch-x',
    completion_window: '24h',
    metadata: null,
    createdAt: 0,
    timing: { validatingMs: 10, lineMs: 1, finalizingMs: 10, cancellingMs: 10, windowMs: 86_400_000 },
    lineCount: count,
    lines,
    errors: [],
    answers: Promise.resolve(lines.map((_, n) => answerOf(n, statuses(n)))),
    cancelAt: undefined,
    files: undefined,
  };
}

describe('batchObject', () => {
  it('drops the parsed input and the line answers once a completed batch has written its files, and answers the same object after', async () => {
    const world = createBatchWorld();
    const batch = record(5, (n) => (n === 3 ? 400 : 200));
    const first = await batchObject(batch, world, 1_000);
    expect(first).toMatchObject({ status: 'completed', request_counts: { total: 5, completed: 4, failed: 1 } });
    expect(batch.lines).toEqual([]);
    expect(batch.answers).toBeUndefined();
    expect(await batchObject(batch, world, 2_000)).toEqual(first);
    expect((await world.files.text(String(first.output_file_id))).trim().split('\n')).toHaveLength(4);
    expect(world.lines.get('text-embedding-v4')).toEqual({ billed: 4, failed: 1, inputTokens: 8, outputTokens: 0 });
  });

  it('keeps the counts of a cancelled batch after dropping its lines, the unrun lines in the error file', async () => {
    const world = createBatchWorld();
    const batch = { ...record(10, () => 200), cancelAt: 13 };
    const first = await batchObject(batch, world, 100);
    expect(first).toMatchObject({ status: 'cancelled', request_counts: { total: 10, completed: 3, failed: 7 } });
    expect(batch.lines).toEqual([]);
    expect(await batchObject(batch, world, 200)).toEqual(first);
    expect((await world.files.text(String(first.error_file_id))).trim().split('\n')).toHaveLength(7);
  });

  it('keeps the answers of a batch still in progress', async () => {
    const world = createBatchWorld();
    const batch = record(100, () => 200);
    expect(await batchObject(batch, world, 20)).toMatchObject({ status: 'in_progress', request_counts: { total: 100, completed: 10, failed: 0 } });
    expect(batch.lines).toHaveLength(100);
    expect(batch.answers).toBeDefined();
  });
});
