import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-errors.js';
import { isLoopbackAddress } from '../is-loopback-address.js';
import { listenError } from '../listen-error.js';
import { integerOption } from '../parse-number-option.js';
import { waitForAbort } from '../wait-for-abort.js';
import { writeJson } from '../write-json.js';

interface EmulatorOptions {
  port: number;
  host: string;
  allowRemote?: boolean;
  seed?: number;
  json?: boolean;
}

/** `--json` output of `dashscope-kit emulator` (printed once the server listens). */
export interface EmulatorJson {
  /** Origin to use as `DASHSCOPE_BASE_URL`. */
  url: string;
  /** Seed of the emulator's fault and latency schedule. */
  seed: number;
}

/**
 * `dashscope-kit emulator`: serves the local DashScope emulator (both protocols, lexical models) until
 * Ctrl-C or SIGTERM, then exits 0. Prints the URL on stdout ({@link EmulatorJson} with `--json`) and
 * how to point a client at it on stderr. Binds to 127.0.0.1; another address needs `--allow-remote`.
 */
export function registerEmulatorCommand(program: Command, context: CliContext): void {
  program
    .command('emulator')
    .description('Serve the local DashScope emulator (native and OpenAI-compatible protocols, lexical models)')
    .option('-p, --port <port>', 'port (0 picks a free one)', integerOption(0, 65_535), 8787)
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--allow-remote', 'allow binding to an address other than loopback (anyone who can reach it can use it)')
    .option('--seed <n>', 'seed of the fault and latency schedule', integerOption(0))
    .option('--json', 'print { url, seed } once listening')
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit emulator --port 8787
  $ DASHSCOPE_BASE_URL=http://127.0.0.1:8787 DASHSCOPE_API_KEY=sk-test-local dashscope-kit ask "Where do global installs go on Unix?"
  $ dashscope-kit emulator --port 0 --json`,
    )
    .action(async (options: EmulatorOptions) => {
      const { io } = context;
      if (!isLoopbackAddress(options.host) && !options.allowRemote) {
        throw new UsageError(`Refusing to bind to ${options.host}: the emulator has no real authentication.`, 'Add --allow-remote to bind to a non-loopback address.');
      }
      const { createEmulator } = await import('../../emulator/index.js');
      const emulator = createEmulator(options.seed !== undefined ? { seed: options.seed } : {});
      const server = await emulator.serve({ port: options.port, host: options.host, allowNonLoopback: options.allowRemote === true }).catch((error: unknown) => {
        throw listenError(error, options.host, options.port);
      });
      const json: EmulatorJson = { url: server.url, seed: emulator.stats().seed };
      if (options.json) writeJson(io.stdout, json);
      else io.stdout.write(`${server.url}\n`);
      io.stderr.write(
        `${context.err.green('emulator listening')} on ${server.url} (seed ${json.seed}); lexical models, any non-empty key.\n` +
          `  use it: DASHSCOPE_BASE_URL=${server.url} DASHSCOPE_API_KEY=sk-test-local dashscope-kit ask "..."\n` +
          `  stats:  ${server.url}/__emulator/stats   stop: Ctrl-C\n`,
      );
      await waitForAbort(io.signal);
      await server.close();
      io.stderr.write('emulator stopped\n');
    });
}
