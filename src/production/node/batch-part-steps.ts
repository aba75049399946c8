import { existsSync, openAsBlob, statSync, truncateSync, writeSync, openSync, closeSync } from 'node:fs';
import type { DashScope } from '../../client.js';
import { sleep } from '../../core/abort.js';
import { APIUserAbortError, ResponseValidationError } from '../../core/errors.js';
import { isRetryableError } from '../../core/retry.js';
import { BatchOutputLineSchema, type BatchOutputLine } from '../../wire/batches.js';
import { formatIssues } from '../../wire/common.js';
import type { BatchAttemptState, BatchEmbedJournal, BatchPartState } from './batch-embed-journal.js';
import { formatBulkOutputLine } from './bulk-output-line.js';
import { lineOfCustomId, partFiles } from './plan-batch-parts.js';
import { readLines } from './read-bulk-input.js';

/** What the steps of one part need. */
export interface PartStepContext {
  client: DashScope;
  journal: BatchEmbedJournal;
  folder: string;
  jobId: string;
  completionWindow: string;
  signal: AbortSignal | undefined;
  /** Counters of this run. */
  counters: { uploaded: number; created: number; downloaded: number; tokens: number };
}

const TRIES = 5;
/** Error-file codes of lines that never ran; they are submitted again. */
const NOT_RUN = new Set(['batch_cancelled', 'batch_expired']);

/** The name a part attempt's input file is uploaded under: how a lost upload answer is found again. */
export function uploadName(jobId: string, k: number, a: number): string {
  return `dsk-${jobId}-p${k}-a${a}.jsonl`;
}

/**
 * Calls `send` (sent with retries off) until it succeeds, asking `find` after every transient failure
 * whether the call took effect anyway, so a call whose answer was lost is never repeated.
 */
async function once<T>(send: () => Promise<T>, find: () => Promise<T | undefined>, signal: AbortSignal | undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await send();
    } catch (error) {
      if (error instanceof APIUserAbortError || !isRetryableError(error) || attempt >= TRIES) throw error;
      await sleep(250 * 2 ** attempt, signal);
      const found = await find();
      if (found !== undefined) return found;
    }
  }
}

async function findFile(client: DashScope, name: string, signal: AbortSignal | undefined): Promise<string | undefined> {
  let after: string | undefined;
  for (;;) {
    const page = await client.files.list({ purpose: 'batch', limit: 100, ...(after ? { after } : {}) }, { signal });
    const found = page.data.find((file) => file.filename === name);
    if (found) return found.id;
    if (!page.has_more || page.data.length === 0) return undefined;
    after = page.data.at(-1)?.id;
  }
}

async function findBatch(client: DashScope, fileId: string, signal: AbortSignal | undefined): Promise<string | undefined> {
  const page = await client.batches.list({ input_file_ids: [fileId] }, { signal });
  return page.data[0]?.id;
}

/**
 * Uploads the attempt's input file once: the name is journaled first, and after a kill (or a lost
 * answer) the files listing is searched for that name before anything is uploaded again.
 */
export async function uploadAttempt(context: PartStepContext, part: BatchPartState, attempt: BatchAttemptState): Promise<void> {
  const { client, journal, signal } = context;
  const name = uploadName(context.jobId, part.k, attempt.a);
  if (attempt.uploadName) {
    const found = await findFile(client, name, signal);
    if (found) {
      journal.record({ t: 'file', k: part.k, a: attempt.a, id: found });
      return;
    }
  } else journal.record({ t: 'upload', k: part.k, a: attempt.a, name });
  const path = partFiles(context.folder, part.k, attempt.a).input;
  const id = await once(
    async () => (await client.files.create({ file: await openAsBlob(path), purpose: 'batch', filename: name }, { signal, maxRetries: 0 })).id,
    () => findFile(client, name, signal),
    signal,
  );
  context.counters.uploaded++;
  journal.record({ t: 'file', k: part.k, a: attempt.a, id });
}

/** Creates the attempt's batch once: after a kill (or a lost answer) batches over its file are listed first. */
export async function createAttempt(context: PartStepContext, part: BatchPartState, attempt: BatchAttemptState): Promise<void> {
  const { client, journal, signal } = context;
  const fileId = attempt.fileId as string;
  if (attempt.creating) {
    const found = await findBatch(client, fileId, signal);
    if (found) {
      journal.record({ t: 'batch', k: part.k, a: attempt.a, id: found });
      return;
    }
  } else journal.record({ t: 'create', k: part.k, a: attempt.a });
  const id = await once(
    async () =>
      (
        await client.batches.create(
          { input_file_id: fileId, endpoint: '/v1/embeddings', completion_window: context.completionWindow, metadata: { ds_name: uploadName(context.jobId, part.k, attempt.a).replace(/\.jsonl$/, '') } },
          { signal, maxRetries: 0 },
        )
      ).id,
    () => findBatch(client, fileId, signal),
    signal,
  );
  context.counters.created++;
  journal.record({ t: 'batch', k: part.k, a: attempt.a, id });
}

/** One output or error file line, checked with the SDK's schema. @throws ResponseValidationError. */
function parseResultLine(text: string): BatchOutputLine {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ResponseValidationError('Batch result line is not JSON', [text.slice(0, 80)]);
  }
  const parsed = BatchOutputLineSchema.safeParse(json);
  if (!parsed.success) throw new ResponseValidationError('Unexpected batch result line', formatIssues(parsed.error));
  return parsed.data;
}

/** Turns one output/error file line into the job's output line, or undefined when the line should run again. */
function resultLine(line: number, result: BatchOutputLine): { text: string; tokens: number } | undefined {
  const status = result.response?.status_code;
  const body = result.response?.body as { data?: { embedding?: unknown }[]; usage?: { prompt_tokens?: number; total_tokens?: number }; error?: { code?: string; message?: string } } | undefined;
  const embedding = body?.data?.[0]?.embedding;
  if (!result.error && status !== undefined && status >= 200 && status < 300 && Array.isArray(embedding)) {
    const text = formatBulkOutputLine(line, undefined, { text_index: 0, embedding: { embedding: embedding as number[] }, truncated: false, cached: false });
    return { text, tokens: body?.usage?.prompt_tokens ?? body?.usage?.total_tokens ?? 0 };
  }
  const code = result.error?.code ?? body?.error?.code ?? undefined;
  if (status === undefined || status === 429 || status >= 500 || (code && NOT_RUN.has(code))) return undefined;
  const message = `${code ?? status}: ${result.error?.message ?? body?.error?.message ?? 'request failed'}`;
  const reason = /Range of input length/.test(message) ? 'too_long' : 'error';
  return { text: formatBulkOutputLine(line, undefined, { text_index: 0, failure: { text_index: 0, reason, message } }), tokens: 0 };
}

/**
 * Downloads an ended attempt's output and error files into the part's results file (streamed), once:
 * the results file's size is journaled first and restored if a kill interrupts the download. Lines that
 * never ran (cancelled, expired) or met a transient error (429, 5xx) are left out and counted as missing.
 */
export async function downloadAttempt(context: PartStepContext, part: BatchPartState, attempt: BatchAttemptState): Promise<void> {
  const { client, journal, signal } = context;
  const results = partFiles(context.folder, part.k, attempt.a).results;
  const size = existsSync(results) ? statSync(results).size : 0;
  if (attempt.downloadFrom === undefined) journal.record({ t: 'download', k: part.k, a: attempt.a, size });
  else truncateSync(results, attempt.downloadFrom);
  const fd = openSync(results, 'a');
  let written = 0;
  let tokens = 0;
  try {
    for (const id of [attempt.ended?.output, attempt.ended?.error]) {
      if (!id) continue;
      let pending = '';
      for await (const text of (await client.files.content(id, { signal })).lines()) {
        const parsed = parseResultLine(text);
        const line = lineOfCustomId(parsed.custom_id);
        if (line === undefined || line < part.first || line > part.last) continue;
        const result = resultLine(line, parsed);
        if (!result) continue;
        pending += result.text;
        written++;
        tokens += result.tokens;
        if (pending.length >= 1 << 20) {
          writeSync(fd, pending);
          pending = '';
        }
      }
      if (pending) writeSync(fd, pending);
    }
  } finally {
    closeSync(fd);
  }
  context.counters.downloaded++;
  context.counters.tokens += tokens;
  journal.record({ t: 'downloaded', k: part.k, a: attempt.a, missing: Math.max(0, attempt.sent - written), tokens });
}

/** Lines (1-based input numbers) that the part's results file already holds. */
export async function coveredLines(results: string): Promise<Set<number>> {
  const covered = new Set<number>();
  if (!existsSync(results)) return covered;
  for await (const text of readLines(results)) {
    const line = /^\{"line":(\d+),/.exec(text)?.[1];
    if (line !== undefined) covered.add(Number(line));
  }
  return covered;
}

/** Writes the next attempt's input: the previous attempt's requests whose lines have no result yet. */
export async function prepareRetry(context: PartStepContext, part: BatchPartState, attempt: BatchAttemptState): Promise<void> {
  const covered = await coveredLines(partFiles(context.folder, part.k, attempt.a).results);
  const next = attempt.a + 1;
  const fd = openSync(partFiles(context.folder, part.k, next).input, 'w');
  let sent = 0;
  try {
    let pending = '';
    for await (const text of readLines(partFiles(context.folder, part.k, attempt.a).input)) {
      const id = /^\{"custom_id":"([^"]+)"/.exec(text)?.[1];
      const line = id === undefined ? undefined : lineOfCustomId(id);
      if (line === undefined || covered.has(line)) continue;
      pending += `${text}\n`;
      sent++;
      if (pending.length >= 1 << 20) {
        writeSync(fd, pending);
        pending = '';
      }
    }
    if (pending) writeSync(fd, pending);
  } finally {
    closeSync(fd);
  }
  context.journal.record({ t: 'retry', k: part.k, a: next, sent });
}

/** Deletes a finished attempt's files on DashScope (input, output, error), ignoring failures: the account holds at most 10,000 files. */
export async function deleteAttemptFiles(context: PartStepContext, attempt: BatchAttemptState): Promise<void> {
  for (const id of [attempt.fileId, attempt.ended?.output, attempt.ended?.error]) {
    if (id) await context.client.files.delete(id, { signal: context.signal, maxRetries: 0 }).catch(() => undefined);
  }
}

