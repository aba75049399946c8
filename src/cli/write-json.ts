import type { OutputStream } from './cli-io.js';

/** Writes `value` as pretty JSON (2 spaces) plus a newline: the `--json` output of every command but `embed`. */
export function writeJson(stream: OutputStream, value: unknown): void {
  stream.write(`${JSON.stringify(value, null, 2)}\n`);
}
