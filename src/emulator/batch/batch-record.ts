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

/** An ended batch's output and error file ids (`null` when it had no such lines) and its successful line count. */
export interface BatchFiles {
  output: string | null;
  error: string | null;
  completed: number;
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
  /** Number of request lines in the input file (kept after `lines` is dropped). */
  lineCount: number;
  /** The parsed input lines; emptied once the batch's files are written. */
  lines: BatchInputLine[];
  /** Validation errors; any makes the batch `failed` once validated. */
  errors: BatchError[];
  /** Every line answered in input order (started at creation for valid batches); dropped once the files are written. */
  answers: Promise<LineAnswer[]> | undefined;
  /** When a cancel was asked. */
  cancelAt: number | undefined;
  /** Set once the batch ended: its files being written, then their ids and how many lines succeeded. */
  files: Promise<BatchFiles> | undefined;
}
