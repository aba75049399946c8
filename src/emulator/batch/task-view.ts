import type { TaskRecord } from './task-record.js';
import { taskPhase } from './task-phase.js';

/** `YYYY-MM-DD HH:MM:SS.mmm` (UTC) of an epoch-ms instant, as the task API shows times. */
export function taskTime(ms: number | undefined): string | undefined {
  return ms === undefined ? undefined : new Date(ms).toISOString().replace('T', ' ').replace('Z', '');
}

/**
 * The `GET /api/v1/tasks/{id}` body at `now`: `output.task_status`, times, `task_metrics` once running,
 * `url` of the result file and `usage.total_tokens` once `SUCCEEDED`, `code`/`message` when `FAILED`.
 */
export function taskObject(record: TaskRecord, now: number, requestId: string): Record<string, unknown> {
  const phase = taskPhase(record, now);
  const settled = record.settled;
  const lines = settled?.ok ? settled.lines : [];
  const doneLines = lines.slice(0, phase.done);
  const succeeded = doneLines.filter((line) => 'embedding' in line).length;
  const output: Record<string, unknown> = {
    task_id: record.id,
    task_status: phase.status,
    submit_time: taskTime(record.createdAt),
    scheduled_time: taskTime(phase.startedAt),
    end_time: taskTime(phase.endedAt),
  };
  if (phase.status === 'RUNNING' || phase.status === 'SUCCEEDED') output.task_metrics = { TOTAL: phase.total, SUCCEEDED: succeeded, FAILED: doneLines.length - succeeded };
  if (phase.status === 'SUCCEEDED') output.url = record.resultUrl;
  if (phase.status === 'FAILED' && settled && !settled.ok) Object.assign(output, { code: settled.code, message: settled.message });
  const body: Record<string, unknown> = { request_id: requestId, output };
  if (phase.status === 'SUCCEEDED') body.usage = { total_tokens: lines.reduce((sum, line) => sum + ('tokens' in line ? line.tokens : 0), 0) };
  return body;
}

/**
 * The result file of a finished task: one JSON line per input line,
 * `{"output":{"text_index","embedding"}}` or `{"output":{"text_index","code","message"}}` (the emulator's
 * form: DashScope's line format was not captured).
 */
export function taskResultText(record: TaskRecord): string {
  const settled = record.settled;
  if (!settled?.ok) return '';
  return settled.lines.map((line) => `${JSON.stringify({ output: 'embedding' in line ? { text_index: line.text_index, embedding: line.embedding } : line })}\n`).join('');
}
