import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { InterruptedError, UsageError } from '../cli-errors.js';
import { addRagOptions, type RagCommandOptions } from '../rag-command-options.js';
import { formatIndexSummary, runIndexJob } from '../run-index-job.js';
import { withIndexStore } from '../with-index-store.js';
import { writeJson } from '../write-json.js';

const LISTED = 10;

function listFiles(label: string, files: readonly string[]): string {
  if (files.length === 0 || files.length > LISTED) return '';
  return `  ${label}: ${files.join(', ')}\n`;
}

/**
 * `dashscope-kit index [folder]`: builds or refreshes the index of a folder (default: npm's docs). Only
 * new and changed files are chunked and embedded; a progress bar with counts and ETA runs on stderr; the
 * human summary goes to stderr too, like every summary (`--json`: the `IndexReport` on stdout). Ctrl-C stops within a step in any phase, aborts
 * the requests in flight, keeps every scanned file and finished batch, exits 130, and the next run resumes.
 */
export function registerIndexCommand(program: Command, context: CliContext): void {
  const command = program
    .command('index')
    .description("Build or refresh the index of a folder of Markdown/text and code files (default: npm's docs)")
    .argument('[folder]', "folder of .md/.txt and code files (default: npm's own docs)");
  addRagOptions(command, 'the IndexReport { folder, index, source, model, dimension, files, chunks, switchedFrom, planned, embeddingRequests, embeddingTokens, interrupted, durationMs }')
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit index                       # npm's own docs
  $ dashscope-kit index ./docs --index /tmp/docs-index
  $ dashscope-kit index ./docs --json

A second run re-embeds nothing unless files changed. Vectors are kept per (source, model, dimension): a
switch says what it will embed first, and switching back embeds nothing. Ctrl-C keeps finished work and
the next run resumes; --rebuild starts a damaged index again.`,
    )
    .action(async (folder: string | undefined, options: RagCommandOptions) => {
      const { io } = context;
      if (folder !== undefined && options.docs !== undefined && context.resolvePath(folder) !== context.resolvePath(options.docs)) {
        throw new UsageError(`Two docs folders: ${folder} and --docs ${options.docs}; nothing was indexed.`, 'Pass the folder once: dashscope-kit index <folder>, or --docs <folder>.');
      }
      const report = await withIndexStore(context, options, (store) =>
        runIndexJob(context, store, { docs: folder ?? options.docs, model: options.embeddingModel, dimension: options.dimension, concurrency: options.concurrency, json: options.json })
      );
      if (options.json) writeJson(io.stdout, report);
      else {
        io.stderr.write(`${formatIndexSummary(report)}\n`);
        io.stderr.write(listFiles('new', report.files.new) + listFiles('changed', report.files.changed) + listFiles('removed', report.files.removed));
      }
      if (report.interrupted) {
        throw new InterruptedError(
          `Interrupted: kept ${report.files.new.length + report.files.changed.length} newly chunked files and ${report.chunks.embedded} newly embedded chunks in ${report.index}; ${report.chunks.pending} chunks left to embed.`,
          'Run the same command again to resume where it stopped.',
        );
      }
    });
}
