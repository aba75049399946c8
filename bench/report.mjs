// Shared helpers for benchmark reports: machine description and writing bench/reports/*.md.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';

export function machine() {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  return `Run ${new Date().toISOString()} · Node ${process.version} · ${cpus().length} × ${cpu}`;
}

export function writeReport(name, markdown) {
  const directory = new URL('./reports/', import.meta.url);
  mkdirSync(directory, { recursive: true });
  writeFileSync(new URL(name, directory), markdown);
  process.stdout.write(`${markdown}\n`);
}
