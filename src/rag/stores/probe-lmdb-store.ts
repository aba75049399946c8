import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

/** Longest a probe may run, in ms, before the store counts as damaged (a corrupted tree can loop). */
export const PROBE_TIMEOUT_MS = 20_000;

const PROBE_SCRIPT = `
const [lmdbUrl, path] = process.argv.slice(-2);
const { open } = await import(lmdbUrl);
const root = open({ path, compression: false, maxDbs: 10, readOnly: true });
let entries = 0;
const names = [...root.getKeys()].map(String);
for (const name of ['files', 'located', 'sets', 'meta', 'vectors', 'sparse']) {
  if (!names.includes(name)) continue;
  for (const entry of root.openDB({ name, encoding: 'binary' }).getRange()) entries += entry.value.length >= 0 ? 1 : 0;
}
await root.close();
process.stdout.write(String(entries));
`;

/** Result of {@link probeLmdbStore}: readable, or why not. */
export type ProbeResult = { ok: true } | { ok: false; reason: string };

/**
 * Opens the lmdb store in `path` read-only in a child process and reads every record and vector once.
 * lmdb maps the file into memory, so a truncated or overwritten `data.mdb` can kill the reading process
 * with SIGSEGV or SIGBUS instead of throwing: in a child that crash is an answer, not the CLI's death.
 * Costs a Node start (~100 ms) plus one pass over the data; run it only when the store was not closed
 * cleanly (see `matchesCleanCloseMarker`).
 */
export function probeLmdbStore(path: string, timeoutMs = PROBE_TIMEOUT_MS): Promise<ProbeResult> {
  const lmdbUrl = pathToFileURL(createRequire(import.meta.url).resolve('lmdb')).href;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE_SCRIPT, lmdbUrl, path], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-2000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve({ ok: true });
      const lmdbError = /MDB_[A-Z_]+[^\n]*/.exec(stderr)?.[0];
      resolve({ ok: false, reason: signal === 'SIGKILL' ? `reading it took over ${timeoutMs} ms` : signal ? `reading it crashed with ${signal}` : (lmdbError ?? `reading it failed (exit ${code})`) });
    });
  });
}
