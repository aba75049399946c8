import { AsyncEmbeddingRequestSchema } from '../../wire/tasks.js';
import type { EmulatorState } from '../emulator-state.js';
import { nativeEmbeddingCall } from '../native-embedding-call.js';
import type { ParsedCall } from '../parsed-call.js';
import type { CallHandler } from '../run-call.js';
import { invalidBody, invalidParameter, WireError } from '../wire-error.js';
import { readTaskInput } from './read-task-input.js';
import type { TaskRecord } from './task-record.js';
import { taskPhase } from './task-phase.js';
import { taskObject, taskTime } from './task-view.js';

/** Path (on the emulator's own origin) where a finished task's result file is served without a key, as a pre-signed OSS URL would be. */
export const TASK_RESULT_PATH = '/emulator-oss/embedding-tasks';

function answer(limitKey: string, body: () => unknown): ParsedCall {
  return {
    endpoint: 'tasks',
    protocol: 'native',
    model: '',
    stream: false,
    inputTokens: 0,
    items: 0,
    limitKey,
    produce: async () => ({ type: 'json', body: body(), outputTokens: 0 }),
  };
}

/**
 * `POST /api/v1/services/embeddings/text-embedding/text-embedding`: with `X-DashScope-Async: enable` an async
 * batch embedding task (`text-embedding-async-v1/v2`, `input.url`) answered `PENDING` with its `task_id`;
 * without it the synchronous call. The input is downloaded and embedded in the background
 * ({@link readTaskInput}); the task then runs on the emulator's batch clock (`batch.validatingMs` pending,
 * `batch.lineMs` per line). https://help.aliyun.com/en/model-studio/text-embedding-batch-api
 * @throws WireError 400 for a body that does not fit or the async header on a synchronous model.
 */
export function textEmbeddingCall(state: EmulatorState): CallHandler {
  return async (input) => {
    if (input.headers.get('x-dashscope-async')?.toLowerCase() !== 'enable') return nativeEmbeddingCall(input);
    const parsed = AsyncEmbeddingRequestSchema.safeParse(input.body);
    if (!parsed.success) {
      const model = (input.body as { model?: unknown } | null)?.model;
      if (typeof model === 'string' && !model.startsWith('text-embedding-async')) throw invalidParameter(`Model ${model} does not support asynchronous calls.`);
      throw invalidBody(parsed.error.issues);
    }
    const request = parsed.data;
    return answer('tasks.create', () => {
      const options = state.options.batch ?? {};
      const id = crypto.randomUUID();
      const record: TaskRecord = {
        id,
        model: request.model,
        requestId: input.requestId,
        createdAt: input.now,
        timing: { pendingMs: options.validatingMs ?? 200, lineMs: options.lineMs ?? 10 },
        outcome: readTaskInput(request.input.url),
        settled: undefined,
        cancelAt: undefined,
        resultUrl: `${input.origin ?? 'http://127.0.0.1'}${TASK_RESULT_PATH}/${id}/result.txt`,
      };
      void record.outcome.then((outcome) => (record.settled = outcome));
      state.batch.tasks.set(id, record);
      return { request_id: input.requestId, output: { task_id: id, task_status: 'PENDING' } };
    });
  };
}

/** The record, waiting for its input to have been read once it is due to run (so phases follow the clock alone). */
async function settledRecord(record: TaskRecord, now: number): Promise<TaskRecord> {
  if (!record.settled && now >= record.createdAt + record.timing.pendingMs && record.cancelAt === undefined) record.settled = await record.outcome;
  return record;
}

/** `GET /api/v1/tasks/{id}`: the task at the emulator's clock; an unknown id answers HTTP 200 `UNKNOWN`, as DashScope does. */
export function getTaskCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const id = input.params.id ?? '';
    return {
      ...answer('tasks.query', () => undefined),
      produce: async () => {
        const record = state.batch.tasks.get(id);
        const now = state.clock();
        const body = record ? taskObject(await settledRecord(record, now), now, input.requestId) : { request_id: input.requestId, output: { task_id: id, task_status: 'UNKNOWN' } };
        return { type: 'json', body, outputTokens: 0 };
      },
    };
  };
}

/** `POST /api/v1/tasks/{id}/cancel`: only a `PENDING` task; otherwise (or for an unknown id) 400 `UnsupportedOperation`. */
export function cancelTaskCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const record = state.batch.tasks.get(input.params.id ?? '');
    const status = record ? taskPhase(await settledRecord(record, input.now), input.now).status : 'UNKNOWN';
    if (!record || status !== 'PENDING') throw new WireError(400, 'UnsupportedOperation', `Failed to cancel the task, please confirm if the task exists or its status is pending (status ${status}).`);
    return answer('tasks.cancel', () => {
      record.cancelAt ??= input.now;
      return { request_id: input.requestId };
    });
  };
}

/** `GET /api/v1/tasks?page_no&page_size&status&model_name`: newest first, DashScope's paged listing. */
export function listTasksCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const q = input.query;
    const pageNo = Number(q.get('page_no') ?? 1);
    const pageSize = Number(q.get('page_size') ?? 10);
    if (!Number.isInteger(pageNo) || pageNo < 1 || !Number.isInteger(pageSize) || pageSize < 1 || pageSize > 100) throw invalidParameter('page_no must be ≥ 1 and page_size 1–100.');
    const status = q.get('status');
    const model = q.get('model_name');
    return {
      ...answer('tasks.query', () => undefined),
      produce: async () => {
        const now = state.clock();
        const records = await Promise.all([...state.batch.tasks.values()].reverse().map((record) => settledRecord(record, now)));
        const rows = records
          .map((record) => ({ record, phase: taskPhase(record, now) }))
          .filter(({ record, phase }) => (!status || phase.status === status) && (!model || record.model === model))
          .map(({ record, phase }) => ({
            task_id: record.id,
            status: phase.status,
            model_name: record.model,
            region: input.region ?? 'cn-beijing',
            request_id: record.requestId,
            gmt_create: taskTime(record.createdAt),
            start_time: taskTime(phase.startedAt),
            end_time: taskTime(phase.endedAt),
          }));
        const data = rows.slice((pageNo - 1) * pageSize, pageNo * pageSize);
        const body = { request_id: input.requestId, total: rows.length, total_page: Math.ceil(rows.length / pageSize), page_no: pageNo, page_size: pageSize, data };
        return { type: 'json', body, outputTokens: 0 };
      },
    };
  };
}
