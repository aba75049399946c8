import type { TaskStatus } from '../../wire/tasks.js';
import type { TaskRecord } from './task-record.js';

/** Where an async task stands at `now`, derived from its record and the clock. */
export interface TaskPhase {
  status: TaskStatus;
  /** Lines done by now, and the task's total (0 until its input was read). */
  done: number;
  total: number;
  /** When it started running and ended (ms), if reached. */
  startedAt: number | undefined;
  endedAt: number | undefined;
}

/**
 * The phase of an async task: `PENDING` for `pendingMs` (and while its input is still being read);
 * `FAILED` then when the input could not be read; else `RUNNING` one line per `lineMs`, then
 * `SUCCEEDED`. A cancel asked while `PENDING` makes it `CANCELED` at once.
 */
export function taskPhase(record: TaskRecord, now: number): TaskPhase {
  const started = record.createdAt + record.timing.pendingMs;
  if (record.cancelAt !== undefined) return { status: 'CANCELED', done: 0, total: 0, startedAt: undefined, endedAt: record.cancelAt };
  const settled = record.settled;
  if (now < started || !settled) return { status: 'PENDING', done: 0, total: 0, startedAt: undefined, endedAt: undefined };
  if (!settled.ok) return { status: 'FAILED', done: 0, total: 0, startedAt: started, endedAt: started };
  const total = settled.lines.length;
  const ended = started + total * Math.max(0, record.timing.lineMs);
  if (now < ended) return { status: 'RUNNING', done: Math.floor((now - started) / record.timing.lineMs), total, startedAt: started, endedAt: undefined };
  return { status: 'SUCCEEDED', done: total, total, startedAt: started, endedAt: ended };
}
