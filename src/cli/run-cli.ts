import { CommanderError } from 'commander';
import { CliContext } from './cli-context.js';
import type { CliIO } from './cli-io.js';
import { createProgram } from './create-program.js';
import { describeError } from './describe-error.js';
import { EXIT_CODES } from './exit-codes.js';

/**
 * Runs `dashscope-kit` with `argv` (arguments after the program name) on `io` and resolves with the
 * exit code (table in `exit-codes.ts`). Never throws: a failure is printed on stderr as one line
 * `dashscope-kit: <message>` plus a `hint:` line, or, when `--json` was given, as one JSON line
 * `{"error":{"type","message","hint","exitCode","status"?,"code"?,"requestId"?}}`.
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const context = new CliContext(io);
  const program = createProgram(context);
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_CODES.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT_CODES.ok;
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return EXIT_CODES.ok;
    const described = describeError(error, context.errorContext());
    if (argv.includes('--json')) {
      io.stderr.write(`${JSON.stringify({ error: described })}\n`);
    } else {
      io.stderr.write(`${context.err.red('dashscope-kit:')} ${described.message}\n`);
      if (described.hint) io.stderr.write(`${context.err.dim(`hint: ${described.hint}`)}\n`);
      if (io.env.DEBUG?.includes('dashscope-kit') && error instanceof Error && error.stack) io.stderr.write(`${error.stack}\n`);
    }
    return described.exitCode;
  }
}
