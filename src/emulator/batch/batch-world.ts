import type { BatchRecord } from './batch-record.js';
import type { BatchLineCounters } from './batch-line-counters.js';
import { FileStore } from './file-store.js';

/** The emulator's Files and Batch API state: files in memory and batches by id (newest last). */
export interface BatchWorld {
  files: FileStore;
  batches: Map<string, BatchRecord>;
  /** Lines of ended batches, per model: counted once, when the batch ends and its files are written. */
  lines: Map<string, BatchLineCounters>;
}

/** An empty world (a new emulator, or after `reset()`). */
export function createBatchWorld(): BatchWorld {
  return { files: new FileStore(), batches: new Map(), lines: new Map() };
}
