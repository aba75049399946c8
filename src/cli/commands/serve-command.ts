import { basename } from 'node:path';
import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { InterruptedError, UsageError } from '../cli-errors.js';
import { isLoopbackAddress } from '../is-loopback-address.js';
import { listenError } from '../listen-error.js';
import { integerOption } from '../parse-number-option.js';
import { addRagOptions, type RagCommandOptions } from '../rag-command-options.js';
import type { IndexReport } from '../../rag/build-index.js';
import { DEFAULT_TOP_K, DEFAULT_TOP_N, searchIndex } from '../../rag/search-index.js';
import { DEFAULT_ANSWER_MODEL } from '../../rag/stream-answer.js';
import { createServeApp, serveApp } from '../../serve/index.js';
import { formatIndexSummary, runIndexJob } from '../run-index-job.js';
import { withIndexStore } from '../with-index-store.js';
import { waitForAbort } from '../wait-for-abort.js';
import { writeJson } from '../write-json.js';

interface ServeOptions extends RagCommandOptions {
  model: string;
  topK: number;
  topN: number;
  host: string;
  port: number;
  allowRemote?: boolean;
}

/** `--json` output of `dashscope-kit serve`, printed once the server listens. */
export interface ServeJson {
  /** The page; the endpoints are under it. */
  url: string;
  /** True when the built-in emulator answers (no API key). */
  offline: boolean;
  index: IndexReport;
}

/**
 * `dashscope-kit serve --docs <folder>`: refreshes the index of the folder (default: npm's docs), then
 * serves the page and the answer endpoints (`createServeApp`: DeepWiki-Open's `POST /chat/completions/stream`,
 * OpenAI's `POST /v1/chat/completions` and `GET /v1/models`) until Ctrl-C or SIGTERM, then closes the
 * connections and the index store and exits 0. Prints the URL on stdout ({@link ServeJson} with `--json`).
 * Binds 127.0.0.1; another address needs `--allow-remote`. Offline on the built-in emulator without an API key.
 */
export function registerServeCommand(program: Command, context: CliContext): void {
  const command = program
    .command('serve')
    .description('Serve answers from your docs over HTTP: a web page, a DeepWiki-Open compatible stream, an OpenAI-compatible API')
    .option('-m, --model <id>', 'chat model (a request may name another catalog chat model)', DEFAULT_ANSWER_MODEL)
    .option('-k, --top-k <n>', 'candidates by cosine similarity', integerOption(1, 500), DEFAULT_TOP_K)
    .option('-n, --top-n <n>', 'sources given to the model after rerank', integerOption(1, 20), DEFAULT_TOP_N)
    .option('-p, --port <port>', 'port (0 picks a free one)', integerOption(0, 65_535), 8788)
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--allow-remote', 'allow binding to an address other than loopback (anyone who can reach it spends your quota)');
  addRagOptions(command, '{ url, offline, index } once listening')
    .addHelpText(
      'after',
      `
Endpoints:
  GET  /                          the page: ask, streamed answer, numbered sources
  POST /chat/completions/stream   DeepWiki-Open's body ({ messages, provider?, model? }); text answer, then "Sources:"
  POST /v1/chat/completions       OpenAI-compatible (stream or not); sources appended and in "sources"
  GET  /v1/models

Examples:
  $ dashscope-kit serve --docs ./docs
  $ dashscope-kit serve --docs ./docs --port 0 --json
  $ curl -N http://127.0.0.1:8788/chat/completions/stream -H 'content-type: application/json' \\
      -d '{"messages":[{"role":"user","content":"How do I configure the proxy?"}]}'`,
    )
    .action(async (options: ServeOptions) => {
      const { io } = context;
      if (!isLoopbackAddress(options.host) && !options.allowRemote) {
        throw new UsageError(`Refusing to bind to ${options.host}: the server has no authentication and answers with your API key.`, 'Add --allow-remote to bind to a non-loopback address.');
      }
      await withIndexStore(context, options, async (store) => {
        const index = await runIndexJob(context, store, { docs: options.docs, model: options.embeddingModel, dimension: options.dimension, concurrency: options.concurrency, json: options.json });
        if (index.interrupted) throw new InterruptedError('Interrupted while indexing; finished batches were kept.', 'Run again to resume.');
        if (!options.json) io.stderr.write(`${context.err.dim(formatIndexSummary(index))}\n`);
        const client = await context.client();
        const app = createServeApp({
          client,
          model: options.model,
          title: basename(index.folder),
          allowAnyHost: options.allowRemote === true,
          search: (query, signal) => searchIndex({ store, client, set: index, query, topK: options.topK, topN: options.topN, ...(signal ? { signal } : {}) }),
        });
        const server = await serveApp(app, { host: options.host, port: options.port }).catch((error: unknown) => {
          throw listenError(error, options.host, options.port);
        });
        if (options.json) writeJson(io.stdout, { url: server.url, offline: context.offline, index } satisfies ServeJson);
        else io.stdout.write(`${server.url}\n`);
        io.stderr.write(
          `${context.err.green('serving')} ${index.folder} on ${server.url} (answers by ${options.model}${context.offline ? ', offline emulator' : ''})\n` +
            `  page:     ${server.url}/\n` +
            `  DeepWiki: POST ${server.url}/chat/completions/stream\n` +
            `  OpenAI:   base URL ${server.url}/v1\n` +
            `  stop: Ctrl-C\n`,
        );
        await waitForAbort(io.signal);
        await server.close();
        io.stderr.write('serve stopped\n');
      });
    });
}
