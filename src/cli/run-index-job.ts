import type { CliContext } from './cli-context.js';
import { defaultDocsFolder } from './default-docs-folder.js';
import { createProgressBar } from './progress-bar.js';
import { buildIndex, type IndexReport } from './rag/build-index.js';
import type { IndexStore } from './rag/index-store.js';

/** Options shared by `index`, `search`, `ask` and `demo`. */
export interface IndexJobOptions {
  /** Docs folder; default: npm's own documentation. */
  docs?: string | undefined;
  model?: string | undefined;
  dimension?: number | undefined;
  concurrency?: number | undefined;
}

/**
 * Runs the index job for a command: resolves the docs folder (default: npm's docs), shows a progress bar
 * on stderr while chunks are embedded, and stops cleanly on Ctrl-C (the report then says `interrupted`).
 */
export async function runIndexJob(context: CliContext, store: IndexStore, options: IndexJobOptions): Promise<IndexReport> {
  const folder = options.docs ? context.resolvePath(options.docs) : await defaultDocsFolder();
  const client = await context.client();
  const bar = createProgressBar(context.io.stderr, context.err, 'embedding', 'chunks');
  try {
    return await buildIndex({
      folder,
      store,
      client,
      source: await context.embeddingSource(),
      countTokens: (texts) => context.countTokens(texts),
      model: options.model,
      dimension: options.dimension,
      concurrency: options.concurrency,
      signal: context.io.signal,
      onProgress: (progress) => {
        if (progress.embedded === 0 && progress.toEmbed > 0) bar.start(progress.toEmbed);
        else bar.update(progress.embedded);
      },
    });
  } finally {
    bar.stop();
  }
}

/** One line describing an index run, e.g. `index: 91 files (3 new, 1 changed, 87 unchanged, 0 removed), 640 chunks; embedded 31 in 4 requests; 0.8 s`. */
export function formatIndexSummary(report: IndexReport): string {
  const { files, chunks } = report;
  const fileCounts = `${files.new.length} new, ${files.changed.length} changed, ${files.unchanged} unchanged, ${files.removed.length} removed`;
  const embedded = chunks.embedded === 0 ? 'no embedding requests' : `embedded ${chunks.embedded} in ${report.embeddingRequests} requests`;
  const reused = chunks.reused > 0 ? `, ${chunks.reused} reused` : '';
  return `index: ${files.total} files (${fileCounts}), ${chunks.total} chunks; ${embedded}${reused}; ${(report.durationMs / 1000).toFixed(1)} s`;
}
