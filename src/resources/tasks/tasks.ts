import { sleep } from '../../core/abort.js';
import { checkResourceId } from '../../core/check-resource-id.js';
import { InputValidationError } from '../../core/errors.js';
import { parseResponseBody } from '../../core/parse-response-body.js';
import { queryString } from '../../core/query-string.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestJSON, type TransportConfig } from '../../core/transport.js';
import { PATHS } from '../../wire/paths.js';
import type { Task } from '../../wire/tasks.js';
import { TaskFailedError } from './task-failed-error.js';
import { TaskNotFoundError } from './task-not-found-error.js';
import { TERMINAL_TASK_STATUSES, type EmbeddingTaskParams, type TaskList, type TaskListParams, type TaskWaitOptions } from './task-types.js';

// The wire schemas are imported on first use, not with the root entry: they load zod (issue 12, cold import).
const wire = () => import('../../wire/tasks.js');

const STAMP = /^\d{14}$/;
const DEFAULT_POLL_MS = 1_000;
const DEFAULT_MAX_POLL_MS = 5_000;

/**
 * `client.tasks`: DashScope's native async task API (`/api/v1/tasks`), shared by async batch embedding and
 * the image/video tasks, plus the async embedding create call. Submission 1 RPS, 3 running and 50
 * queued+running per account; a task times out after 3 h (https://help.aliyun.com/en/model-studio/text-embedding-batch-api).
 */
export class Tasks {
  readonly #transport: TransportConfig;

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig) {
    this.#transport = transport;
  }

  /**
   * Starts an async batch embedding task (`text-embedding-async-v1/v2`, header `X-DashScope-Async: enable`)
   * over a public URL of a text file, one text per line; answers the task in `PENDING`.
   *
   * @example
   * const task = await client.tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url } });
   * const done = await client.tasks.wait(task.output.task_id);
   * for await (const row of readEmbeddingTaskResult(done)) console.log(row.text_index, row.embedding?.length);
   *
   * @throws InputValidationError for another model or a missing/malformed URL; APIError subclasses.
   */
  async createEmbedding(params: EmbeddingTaskParams, options: RequestOptions = {}): Promise<Task> {
    const checked = (await wire()).AsyncEmbeddingRequestSchema.safeParse(params);
    if (!checked.success) {
      const issue = checked.error.issues[0];
      const param = issue?.path.map(String).join('.') || 'params';
      throw new InputValidationError(`Invalid embedding task: ${param}: ${issue?.message ?? 'invalid'}`, param);
    }
    const headers = { ...options.headers, 'X-DashScope-Async': 'enable' };
    const { body } = await requestJSON(this.#transport, { path: PATHS.nativeTextEmbedding, body: checked.data }, { ...options, headers });
    return parseResponseBody((await wire()).TaskSchema, body, 'task');
  }

  /**
   * One task, with `output.task_status` (and `output.url` of the result once `SUCCEEDED`).
   * @throws TaskNotFoundError when DashScope answers `UNKNOWN` (HTTP 200) for the id; InputValidationError
   *   for a malformed id; APIError subclasses; ResponseValidationError for an unexpected body.
   */
  async get(taskId: string, options: RequestOptions = {}): Promise<Task> {
    const id = checkResourceId(taskId, 'task_id');
    const { body } = await requestJSON(this.#transport, { path: `${PATHS.nativeTasks}/${id}`, body: undefined, method: 'GET' }, options);
    const task = parseResponseBody((await wire()).TaskSchema, body, 'task');
    if (task.output.task_status === 'UNKNOWN') throw new TaskNotFoundError(id, task.request_id, body);
    return task;
  }

  /**
   * One page of tasks (`page_no` from 1).
   * @throws InputValidationError for a bad page number or size (1–100) or a malformed time filter; APIError subclasses.
   */
  async list(params: TaskListParams = {}, options: RequestOptions = {}): Promise<TaskList> {
    for (const key of ['start_time', 'end_time'] as const) {
      const value = params[key];
      if (value !== undefined && !STAMP.test(value)) throw new InputValidationError(`${key} must be a yyyyMMddHHmmss timestamp.`, key, { value });
    }
    if (params.page_no !== undefined && (!Number.isInteger(params.page_no) || params.page_no < 1)) {
      throw new InputValidationError('page_no must be a positive integer.', 'page_no', { value: params.page_no });
    }
    if (params.page_size !== undefined && (!Number.isInteger(params.page_size) || params.page_size < 1 || params.page_size > 100)) {
      throw new InputValidationError('page_size must be an integer from 1 to 100.', 'page_size', { value: params.page_size, limit: 100 });
    }
    const path = PATHS.nativeTasks + queryString({ ...params });
    const { body } = await requestJSON(this.#transport, { path, body: undefined, method: 'GET' }, options);
    const page = parseResponseBody((await wire()).TaskListResponseSchema, body, 'task list');
    const data = page.data ?? [];
    return { data, total: page.total ?? data.length, total_page: page.total_page ?? 1, page_no: page.page_no ?? params.page_no ?? 1, page_size: page.page_size ?? params.page_size ?? 10 };
  }

  /**
   * Cancels a task; DashScope only cancels `PENDING` tasks and answers 400 `UnsupportedOperation` otherwise.
   * @throws InputValidationError for a malformed id; BadRequestError (`UnsupportedOperation`) for a task past PENDING; APIError subclasses.
   */
  async cancel(taskId: string, options: RequestOptions = {}): Promise<{ request_id: string | undefined }> {
    const id = checkResourceId(taskId, 'task_id');
    const { body } = await requestJSON(this.#transport, { path: `${PATHS.nativeTasks}/${id}/cancel`, body: undefined, method: 'POST' }, options);
    const requestId = (body as { request_id?: unknown } | null)?.request_id;
    return { request_id: typeof requestId === 'string' ? requestId : undefined };
  }

  /**
   * Polls a task until `SUCCEEDED` or `CANCELED` and returns it; the pause starts at `pollIntervalMs` and
   * doubles up to `maxPollIntervalMs`; `onProgress` sees every poll.
   * @throws TaskFailedError when it ends `FAILED`; TaskNotFoundError for an unknown id; APIUserAbortError
   *   when `signal` aborts; InputValidationError for bad intervals; errors of {@link Tasks.get}.
   */
  async wait(taskId: string, options: TaskWaitOptions = {}): Promise<Task> {
    let pause = options.pollIntervalMs ?? DEFAULT_POLL_MS;
    const maxPause = options.maxPollIntervalMs ?? DEFAULT_MAX_POLL_MS;
    for (const [name, value] of [['pollIntervalMs', pause], ['maxPollIntervalMs', maxPause]] as const) {
      if (!Number.isFinite(value) || value < 0) throw new InputValidationError(`${name} must be a non-negative number of ms.`, name, { value });
    }
    for (;;) {
      const task = await this.get(taskId, { signal: options.signal });
      options.onProgress?.(task);
      if (task.output.task_status === 'FAILED') throw new TaskFailedError(task);
      if (TERMINAL_TASK_STATUSES.includes(task.output.task_status)) return task;
      await sleep(pause, options.signal);
      pause = Math.min(maxPause, Math.max(pause * 2, 1));
    }
  }
}
