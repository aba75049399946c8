import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { packageUrl } from '../core/package-url.js';
import type { CliContext } from './cli-context.js';
import { registerAskCommand } from './commands/ask-command.js';
import { registerBatchCommand } from './commands/batch-command.js';
import { registerChatCommand } from './commands/chat-command.js';
import { registerDemoCommand } from './commands/demo-command.js';
import { registerEmbedCommand } from './commands/embed-command.js';
import { registerEmulatorCommand } from './commands/emulator-command.js';
import { registerIndexCommand } from './commands/index-command.js';
import { registerModelsCommand } from './commands/models-command.js';
import { registerRerankCommand } from './commands/rerank-command.js';
import { registerSearchCommand } from './commands/search-command.js';
import { registerServeCommand } from './commands/serve-command.js';

function packageVersion(): string {
  const json = JSON.parse(readFileSync(packageUrl('package.json'), 'utf8')) as { version?: string };
  return json.version ?? '0.0.0';
}

const FOOTER = `
Examples:
  $ dashscope-kit demo                                   # index npm's docs, answer three questions
  $ dashscope-kit ask "Where do global installs go on Unix?"
  $ dashscope-kit serve --docs ./docs                    # web page + DeepWiki/OpenAI-compatible endpoints
  $ dashscope-kit chat "Hello"
  $ dashscope-kit models --kind embedding

Environment:
  DASHSCOPE_API_KEY    key for DashScope; without it the built-in emulator answers (offline, lexical models)
  DASHSCOPE_REGION     cn-beijing (default), singapore/intl, us, hk: keys are region-bound (frankfurt and
                       tokyo have workspace hosts only: set DASHSCOPE_BASE_URL to https://{workspace}.{region}.maas.aliyuncs.com)
  DASHSCOPE_BASE_URL   another origin, e.g. http://127.0.0.1:8787 for 'dashscope-kit emulator' (needs DASHSCOPE_API_KEY)
  DASHSCOPE_WORKSPACE  workspace id (X-DashScope-WorkSpace)
  NO_COLOR             no colours (also off when output is not a terminal)

Exit codes:
  0 ok · 1 unexpected (bug) · 2 usage or invalid input · 3 authentication/permission · 4 rejected by DashScope
  5 rate limit/quota/billing · 6 network or service unavailable · 7 local files (path named)
  8 embed --input finished with failed lines · 130 interrupted (Ctrl-C)`;

/**
 * The `dashscope-kit` command tree (commander): chat, embed, rerank, models, emulator, index, search, ask,
 * demo, serve, each with `--help` examples and `--json`. Help and version go to the context's stdout; errors
 * are thrown (`exitOverride`) so `runCli` prints them in one format.
 */
export function createProgram(context: CliContext): Command {
  const program = new Command('dashscope-kit')
    .description('Alibaba Cloud Model Studio (DashScope) from the terminal: chat, embeddings, rerank, and answers over your docs')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => context.io.stdout.write(text),
      writeErr: (text) => context.io.stderr.write(text),
      outputError: () => undefined,
    })
    .addHelpText('after', FOOTER)
    .showSuggestionAfterError(true);
  registerChatCommand(program, context);
  registerEmbedCommand(program, context);
  registerRerankCommand(program, context);
  registerModelsCommand(program, context);
  registerBatchCommand(program, context);
  registerEmulatorCommand(program, context);
  registerIndexCommand(program, context);
  registerSearchCommand(program, context);
  registerAskCommand(program, context);
  registerDemoCommand(program, context);
  registerServeCommand(program, context);
  return program;
}
