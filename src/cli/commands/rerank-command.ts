import { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { UsageError } from '../cli-errors.js';
import { integerOption } from '../parse-number-option.js';
import { readTextInputs } from '../read-text-inputs.js';
import { renderTable } from '../render-table.js';
import { writeJson } from '../write-json.js';

interface RerankOptions {
  model: string;
  topN?: number;
  instruct?: string;
  file?: string;
  json?: boolean;
}

/** One ranked document in the `--json` output of `dashscope-kit rerank`. */
export interface RerankJsonItem {
  /** 1-based rank. */
  rank: number;
  /** Position of the document in the input, from 0. */
  index: number;
  /** 1-based line of the input file or stdin (absent for arguments). */
  line?: number;
  /** In [0, 1]; comparable only within one request. */
  relevance_score: number;
  document: string;
}

/** `--json` output of `dashscope-kit rerank`. */
export interface RerankJson {
  model: string;
  query: string;
  results: RerankJsonItem[];
  /** Units: tokens. */
  usage: { total_tokens: number };
  request_id: string;
}

function preview(text: string, width: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/**
 * `dashscope-kit rerank <query> [documents...]`: ranks documents (arguments, `--file` or stdin; one per
 * line or JSONL) against the query. Prints a table (rank, score, input position, document) or, with
 * `--json`, {@link RerankJson}.
 */
export function registerRerankCommand(program: Command, context: CliContext): void {
  program
    .command('rerank')
    .description('Rank documents (arguments, --file or stdin) by relevance to a query')
    .argument('<query>', 'the query')
    .argument('[documents...]', 'documents; read from --file or stdin when omitted')
    .option('-m, --model <id>', 'rerank model', 'qwen3-rerank')
    .option('-n, --top-n <n>', 'how many results to return (default: all)', integerOption(1))
    .option('--instruct <text>', 'qwen3-rerank task description (English)')
    .option('-f, --file <path>', 'read documents from a file: one per line, or JSONL {"text": "..."}')
    .option('--json', 'print { model, query, results: [{ rank, index, line?, relevance_score, document }], usage, request_id }')
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit rerank "how do I publish a package?" "npm publish uploads a package" "npm ci installs from a lockfile"
  $ dashscope-kit rerank --top-n 3 --file docs.txt "install globally"
  $ dashscope-kit rerank --json "lockfile" "package-lock.json pins versions" "tea"`,
    )
    .action(async (query: string, args: string[], options: RerankOptions) => {
      const { io } = context;
      if (query.trim() === '') throw new UsageError('The query is empty.');
      const inputs = await readTextInputs({ args, file: options.file && context.resolvePath(options.file), stdin: io.stdin, what: 'documents' });
      const client = await context.client();
      const result = await client.rerank.create(
        {
          model: options.model,
          query,
          documents: inputs.map((input) => input.text),
          ...(options.topN !== undefined ? { top_n: options.topN } : {}),
          ...(options.instruct !== undefined ? { instruct: options.instruct } : {}),
        },
        { signal: io.signal },
      );
      const results = result.results.map((item, position) => {
        const input = inputs[item.index];
        const entry: RerankJsonItem = { rank: position + 1, index: item.index, relevance_score: item.relevance_score, document: input?.text ?? '' };
        if (input?.line !== undefined) entry.line = input.line;
        return entry;
      });
      if (options.json) {
        const json: RerankJson = { model: result.model, query, results, usage: result.usage, request_id: result.request_id };
        return writeJson(io.stdout, json);
      }
      const width = Math.max(30, (io.stdout.columns ?? 100) - 30);
      const rows = results.map((item) => [item.rank, item.relevance_score.toFixed(4), item.line ?? item.index, preview(item.document, width)]);
      io.stdout.write(renderTable(['rank', 'score', inputs[0]?.line === undefined ? 'index' : 'line', 'document'], rows, context.out));
    });
}
