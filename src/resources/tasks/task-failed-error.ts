import { DashScopeError } from '../../core/errors.js';
import type { Task } from '../../wire/tasks.js';

/**
 * A native async task ended in `FAILED`; `code` and `message` are the task's own (`output.code`,
 * `output.message`), e.g. `InternalError.Timeout` after 3 h. https://help.aliyun.com/en/model-studio/error-code
 */
export class TaskFailedError extends DashScopeError {
  override name = 'TaskFailedError';
  readonly task: Task;
  readonly code: string | undefined;

  constructor(task: Task) {
    super(`Task ${task.output.task_id} failed: ${task.output.code ?? 'unknown'}: ${task.output.message ?? 'no message'}`);
    this.task = task;
    this.code = task.output.code ?? undefined;
  }
}
