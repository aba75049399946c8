import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { APIUserAbortError, InputValidationError } from '../../core/errors.js';
import { RetryBudget } from '../retry-budget.js';
import { BulkEmbedInterruptedError } from './bulk-embed-interrupted-error.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../../test-support/loopback-server.js';
import { runBulkEmbedJob, type BulkEmbedProgress } from './run-bulk-embed-job.js';

let server: LoopbackServer;
let directory: string;
let hang: ((texts: string[]) => boolean) | undefined;
let fail: ((texts: string[]) => boolean) | undefined;

function vectorOf(text: string): number[] {
  const vector = new Array<number>(64).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % 64] = (vector[i % 64]! * 31 + text.charCodeAt(i)) % 9973;
  return vector;
}

beforeAll(async () => {
  server = await startLoopbackServer((request, response, index) => {
    const texts = (JSON.parse(request.body) as { input: { texts: string[] } }).input.texts;
    if (hang?.(texts)) return;
    if (fail?.(texts)) return sendJson(response, 500, { code: 'InternalError', message: 'An internal error has occured, please try again later.', request_id: `r${index}` });
    sendJson(response, 200, {
      output: { embeddings: texts.map((text, text_index) => ({ text_index, embedding: vectorOf(text) })) },
      usage: { total_tokens: texts.length * 2 },
      request_id: `r${index}`,
    });
  });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  directory = mkdtempSync(join(tmpdir(), 'bulk-embed-'));
  server.requests.length = 0;
  hang = undefined;
  fail = undefined;
});
afterEach(() => {
  rmSync(directory, { recursive: true, force: true });
});

const client = (apiKey = 'sk-test-bulk') => new DashScope({ apiKey, baseURL: server.url, region: 'singapore' });
const jsonl = (count: number) => Array.from({ length: count }, (_, i) => JSON.stringify({ id: `doc-${i}`, text: `document ${i} body` })).join('\n') + '\n';
const lines = (path: string) => readFileSync(path, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);
const sentTexts = (apiKey = 'sk-test-bulk') =>
  server.requests
    .filter((request) => request.headers.authorization === `Bearer ${apiKey}`)
    .flatMap((request) => (JSON.parse(request.body) as { input: { texts: string[] } }).input.texts);

describe('runBulkEmbedJob', () => {
  it('writes one line per input line in input order, with ids, vectors and reported failures', async () => {
    const input = join(directory, 'in.jsonl');
    const output = join(directory, 'out.jsonl');
    writeFileSync(input, [JSON.stringify({ id: 'a', text: 'alpha' }), '', 'not json', JSON.stringify({ id: 7, body: 'x' }), JSON.stringify('plain string')].join('\n'));
    const report = await runBulkEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 64 });
    expect(lines(output)).toEqual([
      { line: 1, id: 'a', embedding: vectorOf('alpha') },
      { line: 2, error: { reason: 'empty', message: expect.any(String) } },
      { line: 3, error: { reason: 'invalid', message: 'Line is not valid JSON.' } },
      { line: 4, error: { reason: 'invalid', message: 'Line has no string "text" field.' }, id: 7 },
      { line: 5, embedding: vectorOf('plain string') },
    ]);
    expect(report).toMatchObject({ lines: 5, resumedFrom: 0, stats: { embedded: 2, failed: 3, tokens: 4 } });
    expect(report.failures.map((failure) => [failure.line, failure.reason])).toEqual([
      [2, 'empty'],
      [3, 'invalid'],
      [4, 'invalid'],
    ]);
    expect(report.cost).toMatchObject({ priced: true, currency: 'USD' });
    expect(existsSync(`${output}.checkpoint`)).toBe(false);
  });

  it('reads plain text files one text per line', async () => {
    const input = join(directory, 'in.txt');
    const output = join(directory, 'out.jsonl');
    writeFileSync(input, 'first line\r\nsecond line\n');
    await runBulkEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 64 });
    expect(lines(output)).toEqual([
      { line: 1, embedding: vectorOf('first line') },
      { line: 2, embedding: vectorOf('second line') },
    ]);
  });

  it('resumes after the last complete line, cutting a torn one, without sending finished lines again', async () => {
    const input = join(directory, 'in.jsonl');
    const output = join(directory, 'out.jsonl');
    writeFileSync(input, jsonl(50));
    await runBulkEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 64 });
    const complete = readFileSync(output, 'utf8');
    const kept = complete.split('\n').slice(0, 20).join('\n') + '\n';
    writeFileSync(output, kept + complete.split('\n')[20]!.slice(0, 30));
    server.requests.length = 0;
    const report = await runBulkEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 64 });
    expect(report).toMatchObject({ lines: 50, resumedFrom: 20, stats: { embedded: 30 } });
    expect(readFileSync(output, 'utf8')).toBe(complete);
    expect(sentTexts()).toEqual(Array.from({ length: 30 }, (_, i) => `document ${i + 20} body`));
  });

  it('keeps results that finished out of order in the checkpoint and reuses them on resume', async () => {
    const input = join(directory, 'in.jsonl');
    const output = join(directory, 'out.jsonl');
    writeFileSync(input, jsonl(60));
    hang = (texts) => texts.includes('document 0 body');
    const controller = new AbortController();
    const first = runBulkEmbedJob({
      client: client(),
      input,
      output,
      model: 'text-embedding-v4',
      dimension: 64,
      concurrency: 3,
      signal: controller.signal,
      progressIntervalMs: 10,
      onProgress: (snapshot) => {
        if (snapshot.stats.embedded >= 20) controller.abort();
      },
    });
    await expect(first).rejects.toBeInstanceOf(APIUserAbortError);
    expect(readFileSync(output, 'utf8')).toBe('');
    const journaled = readFileSync(`${output}.checkpoint`, 'utf8').split('\n').filter(Boolean).length - 1;
    expect(journaled).toBeGreaterThanOrEqual(20);
    hang = undefined;
    const report = await runBulkEmbedJob({ client: client('sk-test-bulk-resume'), input, output, model: 'text-embedding-v4', dimension: 64 });
    expect(lines(output).map((line) => line.line)).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    lines(output).forEach((line, i) => expect(line).toEqual({ line: i + 1, id: `doc-${i}`, embedding: vectorOf(`document ${i} body`) }));
    expect(sentTexts('sk-test-bulk-resume')).toHaveLength(60 - journaled);
    expect(report.stats.requests).toBe(Math.ceil((60 - journaled) / 10));
  });

  it('stops instead of recording a line that keeps failing transiently, and retries it when run again', async () => {
    const input = join(directory, 'in.jsonl');
    const output = join(directory, 'out.jsonl');
    writeFileSync(input, jsonl(50));
    fail = (texts) => texts.includes('document 25 body');
    const options = { input, output, model: 'text-embedding-v4', dimension: 64, concurrency: 1 } as const;
    const error = await runBulkEmbedJob({ ...options, client: client(), retryBudget: new RetryBudget({ capacity: 10 }) }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(BulkEmbedInterruptedError);
    expect((error as BulkEmbedInterruptedError).line).toBe(21);
    expect(lines(output)).toHaveLength(20);
    fail = undefined;
    const report = await runBulkEmbedJob({ ...options, client: client() });
    expect(report).toMatchObject({ lines: 50, resumedFrom: 20, failures: [] });
    lines(output).forEach((line, i) => expect(line).toEqual({ line: i + 1, id: `doc-${i}`, embedding: vectorOf(`document ${i} body`) }));
  });

  it('reports progress with totals, rate, ETA and cost', async () => {
    const input = join(directory, 'in.jsonl');
    const output = join(directory, 'out.jsonl');
    writeFileSync(input, jsonl(30));
    const progress: BulkEmbedProgress[] = [];
    await runBulkEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 64, onProgress: (snapshot) => progress.push(snapshot) });
    const last = progress.at(-1)!;
    expect(last).toMatchObject({ linesDone: 30, linesTotal: 30, resumedFrom: 0, etaMs: 0, stats: { embedded: 30, tokens: 60, requests: 3 } });
    expect(last.linesPerSecond).toBeGreaterThan(0);
    expect(last.cost).toMatchObject({ priced: true, input_tokens: 60, currency: 'USD' });
  });

  it('refuses an output written with another dimension or that is not its output, before any request', async () => {
    const input = join(directory, 'in.jsonl');
    const output = join(directory, 'out.jsonl');
    writeFileSync(input, jsonl(5));
    await runBulkEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 64 });
    server.requests.length = 0;
    writeFileSync(output, readFileSync(output, 'utf8').split('\n').slice(0, 2).join('\n') + '\n');
    await expect(runBulkEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 128 })).rejects.toBeInstanceOf(InputValidationError);
    appendFileSync(output, 'something else\n');
    await expect(runBulkEmbedJob({ client: client(), input, output, model: 'text-embedding-v4', dimension: 64 })).rejects.toThrow(/line 3 is not a line/);
    await expect(runBulkEmbedJob({ client: client(), input: join(directory, 'missing.jsonl'), output, model: 'text-embedding-v4' })).rejects.toBeInstanceOf(
      InputValidationError,
    );
    expect(server.requests).toHaveLength(0);
  });
});
