import { Command, InvalidArgumentError } from 'commander';
import type { CliContext } from '../cli-context.js';
import { InterruptedError, UsageError } from '../cli-errors.js';
import { integerOption } from '../parse-number-option.js';
import { addRagOptions, type RagCommandOptions } from '../rag-command-options.js';
import type { IndexReport } from '../../rag/build-index.js';
import { DEFAULT_RERANK_MODEL, DEFAULT_TOP_K, DEFAULT_TOP_N, searchIndex, type Retrieval, type SearchResult } from '../../rag/search-index.js';
import { renderTable } from '../render-table.js';
import { formatIndexSummary, runIndexJob } from '../run-index-job.js';
import { withIndexStore } from '../with-index-store.js';
import { writeJson } from '../write-json.js';

interface SearchOptions extends RagCommandOptions {
  topK: number;
  topN: number;
  rerank: boolean;
  rerankModel: string;
  retrieval?: Retrieval;
}

function retrievalOption(value: string): Retrieval {
  if (value === 'dense' || value === 'sparse' || value === 'hybrid') return value;
  throw new InvalidArgumentError('expected dense, sparse or hybrid.');
}

/** `--json` output of `dashscope-kit search`: the search result plus the index refresh that preceded it. */
export interface SearchJson extends SearchResult {
  index: IndexReport;
}

/**
 * `dashscope-kit search <query>`: refreshes the index (nothing is embedded when no file changed), embeds
 * the query, takes the top-k chunks (hybrid dense + sparse fused by reciprocal rank fusion when the index
 * has sparse vectors, else cosine; `--retrieval`) and reranks them. Prints a table (rank, rerank score,
 * cosine, sparse score, file, heading) or {@link SearchJson}.
 */
export function registerSearchCommand(program: Command, context: CliContext): void {
  const command = program
    .command('search')
    .description('Show the chunks retrieval and rerank pick for a query, with scores')
    .argument('<query>', 'what to look for')
    .option('-k, --top-k <n>', 'candidates from retrieval before rerank', integerOption(1, 500), DEFAULT_TOP_K)
    .option('--retrieval <mode>', 'dense, sparse or hybrid (default: hybrid when the index has sparse vectors, i.e. text-embedding-v3/v4)', retrievalOption)
    .option('-n, --top-n <n>', 'results after rerank', integerOption(1, 100), DEFAULT_TOP_N)
    .option('--rerank-model <id>', 'rerank model', DEFAULT_RERANK_MODEL)
    .option('--no-rerank', 'keep the retrieval order (no rerank call)');
  addRagOptions(command, '{ query, hits: [{ rank, file, heading, ordinal, text, cosine, sparse_score, rrf_score, retrieval_rank, relevance_score }], searched, retrieval, embeddingModel, rerankModel, usage, index }')
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit search "where do global installs go"
  $ dashscope-kit search --top-n 3 --docs ./docs "configure a proxy"
  $ dashscope-kit search --json "package-lock.json"`,
    )
    .action(async (query: string, options: SearchOptions) => {
      const { io } = context;
      if (query.trim() === '') throw new UsageError('The query is empty; nothing was indexed or sent.', 'Pass what to look for: dashscope-kit search "configure a proxy"');
      const result = await withIndexStore(context, options, async (store): Promise<SearchJson> => {
        const index = await runIndexJob(context, store, { docs: options.docs, model: options.embeddingModel, dimension: options.dimension, concurrency: options.concurrency, json: options.json });
        if (index.interrupted) throw new InterruptedError('Interrupted while indexing; finished batches were kept.', 'Run again to resume.');
        if (!options.json) io.stderr.write(`${context.err.dim(formatIndexSummary(index))}\n`);
        const client = await context.client();
        const found = await searchIndex({ store, client, set: index, query, retrieval: options.retrieval, topK: options.topK, topN: options.topN, rerankModel: options.rerank ? options.rerankModel : false, signal: io.signal });
        return { ...found, index };
      });
      if (options.json) return writeJson(io.stdout, result);
      const width = Math.max(30, (io.stdout.columns ?? 110) - 60);
      const rows = result.hits.map((hit) => [
        hit.rank,
        hit.relevance_score === null ? '—' : hit.relevance_score.toFixed(4),
        hit.cosine === null ? '—' : hit.cosine.toFixed(4),
        hit.sparse_score === null ? '—' : hit.sparse_score.toFixed(4),
        hit.file,
        hit.heading.length > width ? `${hit.heading.slice(0, width - 1)}…` : hit.heading,
      ]);
      io.stdout.write(renderTable(['rank', 'rerank', 'cosine', 'sparse', 'file', 'heading'], rows, context.out));
    });
}
