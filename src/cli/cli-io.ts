/** A stream the CLI writes to: `process.stdout`/`stderr`, or a capture in tests. */
export type OutputStream = NodeJS.WritableStream & { isTTY?: boolean; columns?: number };

/**
 * Everything a command touches outside itself, so tests can run commands in-process: data goes to
 * `stdout`, progress, notices and errors to `stderr`; `env` replaces `process.env`; `signal` aborts on
 * Ctrl-C (SIGINT).
 */
export interface CliIO {
  stdout: OutputStream;
  stderr: OutputStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  env: Readonly<Record<string, string | undefined>>;
  /** Folder relative paths and the default index (`.dashscope-kit/index`) are resolved against. */
  cwd: string;
  signal: AbortSignal;
}
