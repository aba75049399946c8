import type { BatchStatus } from '../../wire/batches.js';
import type { LineAnswer } from './answer-batch-line.js';
import type { BatchFiles, BatchRecord } from './batch-record.js';
import { countBatchLines } from './batch-line-counters.js';
import type { BatchWorld } from './batch-world.js';

/** Where a batch stands at one instant, derived from its record and the clock alone. */
export interface BatchPhase {
  status: BatchStatus;
  /** Lines answered by now (input order), and by the end. */
  done: number;
  finalLines: number;
  /** The instants reached (ms), by the timestamp field they fill. */
  reached: Partial<Record<'in_progress_at' | 'finalizing_at' | 'completed_at' | 'failed_at' | 'expired_at' | 'cancelling_at' | 'cancelled_at', number>>;
  terminal: boolean;
}

/**
 * The phase of a batch at `now`: `validating` for `validatingMs`; `failed` then if validation found
 * errors; else `in_progress` while lines are answered one per `lineMs`, `finalizing` for `finalizingMs`,
 * `completed`. A cancel asked at `c` gives `cancelling` until `c + cancellingMs`, then `cancelled`; a
 * batch still in progress at `created + windowMs` is `expired`.
 */
export function batchPhase(record: BatchRecord, now: number): BatchPhase {
  const { timing } = record;
  const validated = record.createdAt + timing.validatingMs;
  const total = record.lineCount;
  const linesBy = (at: number) => (timing.lineMs <= 0 ? (at >= validated ? total : 0) : Math.max(0, Math.min(total, Math.floor((at - validated) / timing.lineMs))));
  const processed = validated + total * Math.max(0, timing.lineMs);
  const finished = processed + timing.finalizingMs;
  const expiry = record.createdAt + timing.windowMs;
  const cancel = record.cancelAt;
  const reached: BatchPhase['reached'] = {};
  const at = (field: keyof BatchPhase['reached'], instant: number) => {
    if (now >= instant) reached[field] = instant;
  };
  if (cancel !== undefined) {
    if (cancel >= validated && record.errors.length === 0) at('in_progress_at', validated);
    at('cancelling_at', cancel);
    at('cancelled_at', cancel + timing.cancellingMs);
    const ended = now >= cancel + timing.cancellingMs;
    const stop = record.errors.length > 0 ? 0 : linesBy(cancel);
    return { status: ended ? 'cancelled' : 'cancelling', done: Math.min(stop, linesBy(now)), finalLines: stop, reached, terminal: ended };
  }
  if (now < validated) return { status: 'validating', done: 0, finalLines: 0, reached, terminal: false };
  if (record.errors.length > 0) {
    at('failed_at', validated);
    return { status: 'failed', done: 0, finalLines: 0, reached, terminal: true };
  }
  at('in_progress_at', validated);
  if (expiry < processed && now >= expiry) {
    at('expired_at', expiry);
    return { status: 'expired', done: linesBy(expiry), finalLines: linesBy(expiry), reached, terminal: true };
  }
  if (now < processed) return { status: 'in_progress', done: linesBy(now), finalLines: total, reached, terminal: false };
  at('finalizing_at', processed);
  if (now < finished) return { status: 'finalizing', done: total, finalLines: total, reached, terminal: false };
  at('completed_at', finished);
  return { status: 'completed', done: total, finalLines: total, reached, terminal: true };
}

function outputLine(answer: LineAnswer): string {
  return JSON.stringify({ id: answer.request_id, custom_id: answer.custom_id, response: { status_code: answer.status_code, request_id: answer.request_id, body: answer.body }, error: null });
}

/**
 * Writes a finished batch's output file (2xx lines) and error file (failed lines, and lines never run
 * because of a cancel or expiry, as `{"response":null,"error":{"code":"batch_cancelled"|"batch_expired"}}`,
 * OpenAI's form: DashScope's error-file lines were not captured), and counts the lines in
 * `world.lines` (billed once). Then drops the record's parsed input and line answers: an ended batch keeps
 * only its counts and file ids, so memory does not grow with the lines of finished batches. Idempotent.
 */
export function writeBatchFiles(record: BatchRecord, phase: BatchPhase, answers: readonly LineAnswer[], world: BatchWorld, now: number): Promise<BatchFiles> {
  if (record.files) return record.files;
  const files = world.files;
  const ok: string[] = [];
  const failed: string[] = [];
  answers.slice(0, phase.finalLines).forEach((answer) => (answer.status_code < 300 ? ok : failed).push(outputLine(answer)));
  const code = phase.status === 'expired' ? 'batch_expired' : 'batch_cancelled';
  const message = phase.status === 'expired' ? 'This request could not be executed before the completion window expired.' : 'This request was not executed because the batch was cancelled.';
  if (phase.status !== 'failed') {
    for (const line of record.lines.slice(phase.finalLines)) failed.push(JSON.stringify({ id: null, custom_id: line.custom_id, response: null, error: { code, message } }));
  }
  const write = async (lines: string[], kind: string) =>
    lines.length === 0 ? null : (await files.add({ filename: `${record.id}_${kind}.jsonl`, purpose: 'batch_output', content: `${lines.join('\n')}\n`, now })).id;
  const completed = phase.status === 'failed' ? 0 : ok.length;
  record.files = (async () => ({ output: await write(ok, 'output'), error: await write(failed, 'error'), completed }))();
  const model = record.lines[0]?.body.model;
  if (model !== undefined && phase.status !== 'failed') countBatchLines(world.lines, model, answers.slice(0, phase.finalLines), record.lineCount);
  record.lines = [];
  record.answers = undefined;
  return record.files;
}

/**
 * The wire batch object at `now` (timestamps in seconds, `null` when not reached, `expires_at` null as in
 * the captures); waits for the line answers it counts, and writes the files when the batch has ended.
 */
export async function batchObject(record: BatchRecord, world: BatchWorld, now: number): Promise<Record<string, unknown>> {
  const phase = batchPhase(record, now);
  const answers = !record.files && record.answers && phase.status !== 'validating' ? await record.answers : [];
  const written = phase.terminal ? await writeBatchFiles(record, phase, answers, world, now) : undefined;
  const counted = answers.slice(0, phase.done);
  const completed = written ? written.completed : counted.filter((answer) => answer.status_code < 300).length;
  const total = phase.status === 'validating' || phase.status === 'failed' ? 0 : record.lineCount;
  const failed = written ? total - completed : counted.length - completed;
  const seconds = (field: keyof BatchPhase['reached']) => {
    const value = phase.reached[field];
    return value === undefined ? null : Math.floor(value / 1000);
  };
  return {
    id: record.id,
    object: 'batch',
    endpoint: record.endpoint,
    errors: phase.status === 'failed' ? { object: 'list', data: record.errors } : null,
    input_file_id: record.input_file_id,
    completion_window: record.completion_window,
    status: phase.status,
    output_file_id: written?.output ?? null,
    error_file_id: written?.error ?? null,
    created_at: Math.floor(record.createdAt / 1000),
    in_progress_at: seconds('in_progress_at'),
    expires_at: null,
    finalizing_at: seconds('finalizing_at'),
    completed_at: seconds('completed_at'),
    failed_at: seconds('failed_at'),
    expired_at: seconds('expired_at'),
    cancelling_at: seconds('cancelling_at'),
    cancelled_at: seconds('cancelled_at'),
    request_counts: { total, completed, failed },
    metadata: record.metadata,
  };
}
