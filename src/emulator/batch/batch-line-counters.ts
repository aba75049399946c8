import type { LineAnswer } from './answer-batch-line.js';

/**
 * Batch lines of one model, counted when their batch ends: `billed` are the successful lines (DashScope
 * bills only those, at 50 % of the real-time price: https://docs.qwencloud.com/developer-guides/text-generation/batch),
 * with their tokens; `failed` the rest, including lines never run because of a cancel or expiry.
 */
export interface BatchLineCounters {
  billed: number;
  failed: number;
  inputTokens: number;
  outputTokens: number;
}

/** Adds an ended batch's lines to the per-model counters (`answered` are the lines run before the end). */
export function countBatchLines(counters: Map<string, BatchLineCounters>, model: string, answered: readonly LineAnswer[], total: number): void {
  const entry = counters.get(model) ?? { billed: 0, failed: 0, inputTokens: 0, outputTokens: 0 };
  for (const answer of answered) {
    if (answer.status_code >= 300) continue;
    entry.billed++;
    entry.inputTokens += answer.inputTokens;
    entry.outputTokens += answer.outputTokens;
  }
  entry.failed += total - answered.filter((answer) => answer.status_code < 300).length;
  counters.set(model, entry);
}
