/** One embedded line of an async embedding task: its vector, or the error DashScope would give it. */
export type TaskLineResult = { text_index: number; embedding: number[]; tokens: number } | { text_index: number; code: string; message: string };

/** What reading an async task's input gave: its line results, or why the task fails. */
export type TaskInputOutcome = { ok: true; lines: TaskLineResult[] } | { ok: false; code: string; message: string };

/** One emulated async embedding task. Times are epoch ms of the emulator's clock. */
export interface TaskRecord {
  id: string;
  model: string;
  requestId: string;
  createdAt: number;
  /** PENDING for `pendingMs`, then RUNNING one line per `lineMs`, then SUCCEEDED. */
  timing: { pendingMs: number; lineMs: number };
  /** Input download and embedding, started at creation. */
  outcome: Promise<TaskInputOutcome>;
  /** Lines once `outcome` settled (known line count for the RUNNING phase). */
  settled: TaskInputOutcome | undefined;
  cancelAt: number | undefined;
  /** Where the result file is served (absolute URL on the emulator's own origin). */
  resultUrl: string;
}
