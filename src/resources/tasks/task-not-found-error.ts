import { NotFoundError } from '../../core/errors.js';

/**
 * DashScope does not know this task id: `GET /api/v1/tasks/{id}` answered HTTP 200 with
 * `task_status: "UNKNOWN"` (its way of saying not found, or expired: tasks are kept 24 h).
 * A `NotFoundError` (not retryable) with `status` 200 as received and `code` `UNKNOWN`.
 * https://help.aliyun.com/en/model-studio/text-embedding-batch-api
 */
export class TaskNotFoundError extends NotFoundError {
  override name = 'TaskNotFoundError';
  readonly taskId: string;

  constructor(taskId: string, requestId: string | undefined, body: unknown) {
    super({ status: 200, code: 'UNKNOWN', message: `Task ${taskId} is unknown to DashScope (task_status UNKNOWN).`, requestId, body }, false);
    this.taskId = taskId;
  }
}
