import { BatchCreateRequestSchema } from '../../wire/batches.js';
import type { EmulatorState } from '../emulator-state.js';
import type { ParsedCall } from '../parsed-call.js';
import type { CallHandler } from '../run-call.js';
import { invalidBody, invalidParameter, WireError } from '../wire-error.js';
import { answerBatchLine, type LineAnswer } from './answer-batch-line.js';
import type { BatchRecord, BatchTiming } from './batch-record.js';
import { batchObject, batchPhase } from './batch-view.js';
import { fileNotFound } from './files-calls.js';
import { validateBatchLines } from './validate-batch-lines.js';

const HOUR_MS = 3_600_000;

function answer(limitKey: string, body: () => Promise<unknown>): ParsedCall {
  return {
    endpoint: 'batches',
    protocol: 'compatible',
    model: '',
    stream: false,
    inputTokens: 0,
    items: 0,
    limitKey,
    produce: async () => ({ type: 'json', body: await body(), outputTokens: 0 }),
  };
}

function batchNotFound(id: string): WireError {
  const message = `Batch not found: ${id}`;
  return new WireError(404, 'NotFound', message, { compatible: { type: 'invalid_request_error', code: 'not_found', message } });
}

function windowMs(window: string): number {
  return Number.parseInt(window, 10) * (window.endsWith('d') ? 24 : 1) * HOUR_MS;
}

function timing(state: EmulatorState, window: string): BatchTiming {
  const options = state.options.batch ?? {};
  return {
    validatingMs: options.validatingMs ?? 200,
    lineMs: options.lineMs ?? 10,
    finalizingMs: options.finalizingMs ?? 200,
    cancellingMs: options.cancellingMs ?? 200,
    windowMs: options.windowMs ?? windowMs(window),
  };
}

/** Answers every line in order; never rejects (a line's failure is its own error answer). */
async function answerAll(state: EmulatorState, record: BatchRecord): Promise<LineAnswer[]> {
  const answers: LineAnswer[] = [];
  for (const line of record.lines) {
    answers.push(await answerBatchLine(line, { now: state.clock(), embeddingOverLimit: state.options.embeddingOverLimit ?? 'error', contextCache: state.contextCache }));
  }
  return answers;
}

/**
 * `POST /compatible-mode/v1/batches`: validates the body with the SDK's {@link BatchCreateRequestSchema},
 * reads the input file ({@link validateBatchLines}), and starts answering its lines with the emulator's
 * own handlers; the batch object is answered in `validating`.
 * @throws WireError 400 for a bad body or a file not of purpose `batch`; 404 for an unknown file.
 */
export function createBatchCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const parsed = BatchCreateRequestSchema.safeParse(input.body);
    if (!parsed.success) throw invalidBody(parsed.error.issues);
    const request = parsed.data;
    const file = state.batch.files.get(request.input_file_id);
    if (!file) throw fileNotFound(request.input_file_id);
    if (file.purpose !== 'batch') throw invalidParameter(`File ${file.id} has purpose "${file.purpose}", not "batch".`);
    return answer('batches.create', async () => {
      const { lines, errors } = validateBatchLines(await state.batch.files.text(file.id), request.endpoint);
      const record: BatchRecord = {
        id: `batch_${crypto.randomUUID()}`,
        endpoint: request.endpoint,
        input_file_id: file.id,
        completion_window: request.completion_window,
        metadata: request.metadata ?? null,
        createdAt: input.now,
        timing: timing(state, request.completion_window),
        lineCount: lines.length,
        lines,
        errors,
        answers: undefined,
        cancelAt: undefined,
        files: undefined,
      };
      if (errors.length === 0) record.answers = answerAll(state, record);
      state.batch.batches.set(record.id, record);
      return batchObject(record, state.batch, input.now);
    });
  };
}

/** `GET /compatible-mode/v1/batches/{id}`: the batch as it stands on the emulator's clock. @throws WireError 404. */
export function retrieveBatchCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const record = state.batch.batches.get(input.params.id ?? '');
    if (!record) throw batchNotFound(input.params.id ?? '');
    return answer('batches.retrieve', () => batchObject(record, state.batch, state.clock()));
  };
}

/**
 * `POST /compatible-mode/v1/batches/{id}/cancel`: `cancelling`, then `cancelled`; lines answered before
 * the cancel stay in the output file. @throws WireError 404; 400 when the batch is past `in_progress`
 * (DashScope's answer to that was not captured).
 */
export function cancelBatchCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const record = state.batch.batches.get(input.params.id ?? '');
    if (!record) throw batchNotFound(input.params.id ?? '');
    const status = batchPhase(record, input.now).status;
    if (status !== 'validating' && status !== 'in_progress' && status !== 'cancelling') {
      throw invalidParameter(`Batch ${record.id} cannot be cancelled: it is ${status}.`);
    }
    return answer('batches.cancel', async () => {
      record.cancelAt ??= input.now;
      return batchObject(record, state.batch, input.now);
    });
  };
}

/** `yyyyMMddHHmmss` of an epoch-ms instant, UTC. */
function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

/**
 * `GET /compatible-mode/v1/batches`: newest first, `after`/`limit` (default 20), `status` and
 * `input_file_ids` (comma lists), `ds_name` (substring), `create_after`/`create_before` (yyyyMMddHHmmss).
 * No match answers `data: null` as DashScope does.
 */
export function listBatchesCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const q = input.query;
    const limit = Number(q.get('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1) throw invalidParameter('limit must be a positive integer.');
    const statuses = q.get('status')?.split(',').filter(Boolean);
    const fileIds = q.get('input_file_ids')?.split(',').filter(Boolean);
    if ((fileIds?.length ?? 0) > 20) throw invalidParameter('At most 20 input_file_ids.');
    const name = q.get('ds_name');
    const after = q.get('after');
    const [from, to] = [q.get('create_after'), q.get('create_before')];
    return answer('batches.list', async () => {
      const now = state.clock();
      let records = [...state.batch.batches.values()].reverse();
      if (after) {
        const at = records.findIndex((record) => record.id === after);
        records = at < 0 ? [] : records.slice(at + 1);
      }
      records = records.filter((record) => {
        if (fileIds && !fileIds.includes(record.input_file_id)) return false;
        if (name && !String(record.metadata?.ds_name ?? '').includes(name)) return false;
        if (from && stamp(record.createdAt) < from) return false;
        if (to && stamp(record.createdAt) > to) return false;
        return !statuses || statuses.includes(batchPhase(record, now).status);
      });
      const page = await Promise.all(records.slice(0, limit).map((record) => batchObject(record, state.batch, now)));
      if (page.length === 0) return { object: 'list', data: null, first_id: null, last_id: null, has_more: false };
      return { object: 'list', data: page, first_id: page[0]?.id, last_id: page.at(-1)?.id, has_more: records.length > limit };
    });
  };
}
