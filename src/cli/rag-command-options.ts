import type { Command } from 'commander';
import { DEFAULT_INDEX_CONCURRENCY, DEFAULT_INDEX_DIMENSION, DEFAULT_INDEX_MODEL } from '../rag/build-index.js';
import { integerOption } from './parse-number-option.js';

/** Options of `index`, `search`, `ask` and `demo` as commander parses them. */
export interface RagCommandOptions {
  docs?: string;
  index?: string;
  store?: string;
  embeddingModel: string;
  dimension: number;
  concurrency: number;
  rebuild?: boolean;
  json?: boolean;
}

/** Adds the options every main-job command shares: `--docs`, `--index`, `--store`, `--embedding-model`, `--dimension`, `--concurrency`, `--rebuild`, `--json`. */
export function addRagOptions(command: Command, jsonShape: string): Command {
  return command
    .option('--docs <folder>', "folder of .md/.txt and code files (default: npm's own docs, <npm root -g>/npm/docs/content)")
    .option('--index <dir>', 'index store folder (default: .dashscope-kit/index in the current folder)')
    .option('--store <url|dir>', 'where vectors are kept: postgres://user:pass@host:port/db (PostgreSQL + pgvector) or a folder (default: the embedded store in --index)')
    .option('--embedding-model <id>', 'embedding model of the index', DEFAULT_INDEX_MODEL)
    .option('--dimension <n>', 'vector dimension of the index', integerOption(1), DEFAULT_INDEX_DIMENSION)
    .option('--concurrency <n>', 'embedding requests in flight while indexing', integerOption(1, 32), DEFAULT_INDEX_CONCURRENCY)
    .option('--rebuild', 'delete the index store and index the docs again (a damaged index says so)')
    .option('--json', `print ${jsonShape} as JSON`);
}
