import { createHash } from 'node:crypto';

/**
 * Who computed a set of vectors and how: the index keeps one set per (source, model, dimension), so
 * switching `--embedding-model`, `--dimension` or between the emulator and DashScope never mixes vectors,
 * and switching back finds the earlier set still there.
 */
export interface VectorSet {
  /** Who embeds: the DashScope origin (e.g. `https://dashscope-intl.aliyuncs.com`) or `builtin-emulator` offline. */
  source: string;
  /** Embedding model, e.g. `text-embedding-v4`. */
  model: string;
  /** Vector dimension (floats per vector). */
  dimension: number;
}

/** Short stable id of a {@link VectorSet} (16 hex characters of SHA-256), the prefix of its vector keys in the store. */
export function vectorSetId(set: VectorSet): string {
  return createHash('sha256').update(`${set.source}\u0000${set.model}\u0000${set.dimension}`).digest('hex').slice(0, 16);
}

/** Whether two sets are the same (same source, model and dimension). */
export function sameVectorSet(left: VectorSet, right: VectorSet): boolean {
  return left.source === right.source && left.model === right.model && left.dimension === right.dimension;
}

/** A set for people, e.g. `text-embedding-v4 @ 1024 dims (builtin-emulator)`. */
export function describeVectorSet(set: VectorSet): string {
  return `${set.model} @ ${set.dimension} dims (${set.source})`;
}
