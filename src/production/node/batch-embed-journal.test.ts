import { appendFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BatchEmbedJournal } from './batch-embed-journal.js';

const directory = mkdtempSync(join(tmpdir(), 'batch-journal-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('BatchEmbedJournal', () => {
  it('replays file and batch ids after a reopen, and cuts a torn last line before appending', () => {
    const path = join(directory, 'a.batch-journal');
    const first = BatchEmbedJournal.open(path);
    first.record({ t: 'job', id: 'j1', params: { model: 'text-embedding-v4' } });
    first.record({ t: 'part', k: 0, first: 1, last: 10, sent: 9 });
    first.record({ t: 'upload', k: 0, a: 0, name: 'dsk-j1-p0-a0.jsonl' });
    first.record({ t: 'file', k: 0, a: 0, id: 'file-batch-1' });
    first.record({ t: 'create', k: 0, a: 0 });
    first.close();
    appendFileSync(path, '{"t":"batch","k":0,"a":0,"id":"batch_tor');
    const second = BatchEmbedJournal.open(path);
    expect(second.state.job?.id).toBe('j1');
    expect(second.state.parts[0]?.attempts[0]).toMatchObject({ sent: 9, uploadName: 'dsk-j1-p0-a0.jsonl', fileId: 'file-batch-1', creating: true, batchId: undefined });
    second.record({ t: 'batch', k: 0, a: 0, id: 'batch_1' });
    second.close();
    expect(readFileSync(path, 'utf8').trimEnd().split('\n').at(-1)).toBe('{"t":"batch","k":0,"a":0,"id":"batch_1"}');
    expect(BatchEmbedJournal.open(path).state.parts[0]?.attempts[0]?.batchId).toBe('batch_1');
  });

  it('opens a retry attempt with its own line count, keeping the earlier one', () => {
    const journal = BatchEmbedJournal.open(join(directory, 'b.batch-journal'));
    journal.record({ t: 'part', k: 0, first: 1, last: 5, sent: 5 });
    journal.record({ t: 'downloaded', k: 0, a: 0, missing: 2, tokens: 30 });
    journal.record({ t: 'retry', k: 0, a: 1, sent: 2 });
    expect(journal.state.parts[0]?.attempts.map((attempt) => [attempt.a, attempt.sent, attempt.downloaded?.missing])).toEqual([
      [0, 5, 2],
      [1, 2, undefined],
    ]);
    journal.close();
  });
});
