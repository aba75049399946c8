import type { OutputStream } from './cli-io.js';

/**
 * Writes `value` as one JSON document on one line (compact, no indentation) plus a newline: the
 * `--json` output of every command, so scripts can read it line by line (`jq .` pretty-prints it).
 */
export function writeJson(stream: OutputStream, value: unknown): void {
  stream.write(`${JSON.stringify(value)}\n`);
}
