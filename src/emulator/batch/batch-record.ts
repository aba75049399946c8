import type { BatchError, BatchInputLine } from '../../wire/batches.js';
import type { LineAnswer } from './answer-batch-line.js';

/** Lifecycle durations of one batch, ms, fixed when it is created (see `EmulatorBatchOptions`). */
export interface BatchTiming {
  validatingMs: number;
  lineMs: number;
  finalizingMs: number;
  cancellingMs: number;
  windowMs: number;
}

/** One emulated batch. Times are epoch ms of the emulator's clock. */
export interface BatchRecord {
  id: string;
  endpoint: string;
  input_file_id: string;
  completion_window: string;
  metadata: Record<string, unknown> | null;
  createdAt: number;
  timing: BatchTiming;
  lines: BatchInputLine[];
  /** Validation errors; any makes the batch `failed` once validated. */
  errors: BatchError[];
  /** Every line answered in input order (started at creation for valid batches). */
  answers: Promise<LineAnswer[]> | undefined;
  /** When a cancel was asked. */
  cancelAt: number | undefined;
  /** Set once the batch ended and its files were written. */
  files: { output: string | null; error: string | null } | undefined;
}
