import { getEmbeddingModel } from '../../models/catalog.js';
import type { Region } from '../../models/regions.js';
import { countTokensBatch } from '../../tokenizer/count-tokens.js';
import { estimateCost, type CostEstimate } from '../estimate-cost.js';
import { parseBulkInputLine, readLines } from './read-bulk-input.js';

/** Options of {@link estimateBulkEmbedCost}: the same file, format and model a bulk job would use. */
export interface BulkEmbedCostOptions {
  /** Input file: JSON Lines (`.jsonl`, `.ndjson`) or plain text, one item per line. */
  input: string;
  model: string;
  /** Region whose prices apply (id or alias). */
  region: Region | (string & {});
  /** Default: `jsonl` for `.jsonl` / `.ndjson` files, `text` otherwise. */
  format?: 'jsonl' | 'text' | undefined;
  /** JSONL field with the text. Default `text`. */
  textField?: string | undefined;
}

/** What a bulk embedding run over a file would send and cost; nothing is sent to get it. */
export interface BulkEmbedCostEstimate {
  /** Lines in the file. */
  lines: number;
  /** Lines with a non-empty text (the ones that would be embedded). */
  texts: number;
  /** Lines that would be skipped: empty, invalid JSON or without the text field, or over the per-text token limit (`skipped = empty + invalid + tooLong`). */
  skipped: number;
  /** Lines whose text is empty or only white space (a real run writes reason `empty`). */
  empty: number;
  /** Lines that are not valid JSON or lack the text field (reason `invalid`). */
  invalid: number;
  /** Texts over the model's per-text token limit (reason `too_long`; not counted in `tokens` or `requests`). */
  tooLong: number;
  /** Σ Qwen tokens of the texts (a lower bound of what DashScope bills for embeddings). */
  tokens: number;
  /** Requests at the model's row cap (10 for v3/v4, 25 for v1/v2). */
  requests: number;
  cost: CostEstimate;
}

const COUNT_CHUNK = 256;
/** Per-text token limit assumed for a model the catalog does not know (as the bulk job does). */
const UNKNOWN_MAX_TOKENS = 8_192;

/**
 * Prices a bulk embedding file before running it (the CLI's `embed --input … --dry-run`): streams the
 * file (memory bounded), counts tokens with the local Qwen tokenizer and prices them from the catalog.
 * Lines are judged as `runBulkEmbedJob` judges them under its default `skip` policies: empty, invalid
 * and over-long lines are counted as skipped, so the dry run and the real run give the same counts.
 * Prices: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 *
 * @throws InputValidationError for an unknown region (from `estimateCost`); file-system errors as Node reports them.
 */
export async function estimateBulkEmbedCost(options: BulkEmbedCostOptions): Promise<BulkEmbedCostEstimate> {
  const format = options.format ?? (/\.(jsonl|ndjson)$/i.test(options.input) ? 'jsonl' : 'text');
  const parse = { format, textField: options.textField ?? 'text', idField: 'id' } as const;
  const info = getEmbeddingModel(options.model);
  const maxTokens = info?.maxTokensPerText ?? UNKNOWN_MAX_TOKENS;
  let lines = 0;
  let texts = 0;
  let tokens = 0;
  let empty = 0;
  let invalid = 0;
  let tooLong = 0;
  let pending: string[] = [];
  const flush = async (): Promise<void> => {
    if (pending.length === 0) return;
    for (const count of await countTokensBatch(pending)) {
      if (count > maxTokens) {
        tooLong++;
        texts--;
      } else tokens += count;
    }
    pending = [];
  };
  for await (const line of readLines(options.input)) {
    lines++;
    const { input } = parseBulkInputLine(line, parse);
    if (typeof input !== 'string') {
      invalid++;
      continue;
    }
    if (input.trim() === '') {
      empty++;
      continue;
    }
    texts++;
    pending.push(input);
    if (pending.length >= COUNT_CHUNK) await flush();
  }
  await flush();
  const rows = info?.maxBatch ?? 10;
  return {
    lines,
    texts,
    skipped: lines - texts,
    empty,
    invalid,
    tooLong,
    tokens,
    requests: Math.ceil(texts / rows),
    cost: estimateCost({ model: options.model, region: options.region, input_tokens: tokens }),
  };
}
