import type { BatchRecord } from './batch-record.js';
import type { BatchLineCounters } from './batch-line-counters.js';
import { FileStore } from './file-store.js';
import type { TaskRecord } from './task-record.js';

/** The emulator's Files, Batch and task API state: files (in memory or under a folder), batches and async tasks by id (newest last). */
export interface BatchWorld {
  files: FileStore;
  batches: Map<string, BatchRecord>;
  /** Lines of ended batches, per model: counted once, when the batch ends and its files are written. */
  lines: Map<string, BatchLineCounters>;
  /** Async embedding tasks of `/api/v1/tasks`. */
  tasks: Map<string, TaskRecord>;
}

/** An empty world (a new emulator, or after `reset()`); `filesFolder` keeps file bytes on disk (see `EmulatorOptions`). */
export function createBatchWorld(filesFolder?: string): BatchWorld {
  return { files: new FileStore(filesFolder), batches: new Map(), lines: new Map(), tasks: new Map() };
}
