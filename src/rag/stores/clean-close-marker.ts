import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** File next to `data.mdb` that records the data file's size and mtime at the last clean close. */
export const CLEAN_CLOSE_MARKER = 'clean-close.json';

interface Marker {
  size: number;
  mtimeMs: number;
}

function dataStat(folder: string): Marker | undefined {
  try {
    const info = statSync(join(folder, 'data.mdb'));
    return { size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return undefined;
  }
}

/**
 * Records the size and mtime of `<folder>/data.mdb` after a clean close. Best effort: a marker that
 * cannot be written only costs the next open a probe.
 */
export function writeCleanCloseMarker(folder: string): void {
  const stat = dataStat(folder);
  if (!stat) return;
  try {
    writeFileSync(join(folder, CLEAN_CLOSE_MARKER), `${JSON.stringify(stat)}\n`);
  } catch {
    return;
  }
}

/**
 * Whether `<folder>/data.mdb` is exactly as a dashscope-kit process left it at its last clean close (same
 * size and mtime as the marker). False after a crash, `kill -9`, a copy, or any outside write.
 */
export function matchesCleanCloseMarker(folder: string): boolean {
  const stat = dataStat(folder);
  if (!stat) return false;
  try {
    const marker = JSON.parse(readFileSync(join(folder, CLEAN_CLOSE_MARKER), 'utf8')) as Partial<Marker>;
    return marker.size === stat.size && marker.mtimeMs === stat.mtimeMs;
  } catch {
    return false;
  }
}
