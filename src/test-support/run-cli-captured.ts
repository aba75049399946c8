import { PassThrough, Readable } from 'node:stream';
import { runCli } from '../cli/run-cli.js';

export interface CapturedRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface CapturedRunOptions {
  env?: Record<string, string | undefined>;
  cwd?: string;
  stdin?: string;
  signal?: AbortSignal;
  tty?: boolean;
}

function capture(tty: boolean): PassThrough & { isTTY: boolean; columns: number; text(): string } {
  const chunks: Buffer[] = [];
  const stream = Object.assign(new PassThrough(), { isTTY: tty, columns: 120, text: () => Buffer.concat(chunks).toString('utf8') });
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return stream;
}

export async function runCliCaptured(argv: string[], options: CapturedRunOptions = {}): Promise<CapturedRun> {
  const stdout = capture(options.tty ?? false);
  const stderr = capture(options.tty ?? false);
  const stdin = options.stdin === undefined ? Object.assign(Readable.from([]), { isTTY: true }) : Readable.from([options.stdin]);
  const code = await runCli(argv, {
    stdout,
    stderr,
    stdin,
    env: options.env ?? {},
    cwd: options.cwd ?? process.cwd(),
    signal: options.signal ?? new AbortController().signal,
  });
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}
