import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { InterruptedError } from '../cli-errors.js';
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
 * summary goes to stdout (`--json`: the `IndexReport`). Ctrl-C stops after the batches in flight, keeps
 * every finished one, exits 130, and the next run resumes.
 */
export function registerIndexCommand(program: Command, context: CliContext): void {
  const command = program
    .command('index')
    .description("Build or refresh the index of a folder of Markdown/text files (default: npm's docs)")
    .argument('[folder]', "folder of .md/.txt files (default: npm's own docs)");
  addRagOptions(command, 'the IndexReport { folder, index, source, model, dimension, files, chunks, embeddingRequests, embeddingTokens, interrupted, durationMs }')
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit index                       # npm's own docs
  $ dashscope-kit index ./docs --index /tmp/docs-index
  $ dashscope-kit index ./docs --json

A second run re-embeds nothing unless files changed; Ctrl-C keeps finished batches and the next run resumes.`,
    )
    .action(async (folder: string | undefined, options: RagCommandOptions) => {
      const { io } = context;
      const report = await withIndexStore(context, options.index, (store) =>
        runIndexJob(context, store, { docs: folder ?? options.docs, model: options.embeddingModel, dimension: options.dimension, concurrency: options.concurrency, json: options.json }),
        { rebuild: options.rebuild },
      );
      if (options.json) writeJson(io.stdout, report);
      else {
        io.stdout.write(`${formatIndexSummary(report)}\n`);
        io.stdout.write(listFiles('new', report.files.new) + listFiles('changed', report.files.changed) + listFiles('removed', report.files.removed));
      }
      if (report.interrupted) {
        throw new InterruptedError(
          `Interrupted: kept ${report.chunks.embedded} newly embedded chunks in ${report.index}.`,
          'Run the same command again to resume where it stopped.',
        );
      }
    });
}
