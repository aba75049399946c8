import { Command, Option } from 'commander';
import { validateEmbeddingParams } from '../../index.js';
import { getEmbeddingModel } from '../../models/index.js';
import type { CliContext } from '../cli-context.js';
import { InterruptedError, UsageError } from '../cli-errors.js';
import { integerOption } from '../parse-number-option.js';
import { createProgressBar } from '../progress-bar.js';
import { DEFAULT_INDEX_CONCURRENCY } from '../../rag/build-index.js';
import { runPool } from '../../rag/run-pool.js';
import { readTextInputs, type TextInput } from '../read-text-inputs.js';
import { writeJson } from '../write-json.js';
import { runBulkEmbed } from './bulk-embed.js';
import { runDistributedEmbed } from './distributed-embed.js';

interface EmbedOptions {
  model: string;
  input?: string;
  output?: string;
  dryRun?: boolean;
  rpm?: number;
  tpm?: number;
  dimension?: number;
  textType: 'document' | 'query';
  instruct?: string;
  file?: string;
  concurrency: number;
  json?: boolean;
  redis?: string;
  job?: string;
  workDir?: string;
  chunkLines?: number;
  via: 'sync' | 'batch';
}

/** One output line of `dashscope-kit embed` (JSONL), in input order. */
export interface EmbedLine {
  /** Position among the inputs, from 0. */
  index: number;
  /** 1-based line of the input file or stdin (absent for arguments). */
  line?: number;
  embedding: number[];
}

/** `--json` output of `dashscope-kit embed`. */
export interface EmbedJson {
  model: string;
  dimension: number;
  text_type: 'document' | 'query';
  embeddings: EmbedLine[];
  /** Units: tokens. */
  usage: { total_tokens: number };
  /** Embedding requests sent. */
  requests: number;
}

/**
 * `dashscope-kit embed [texts...]`: texts from arguments, `--file` or stdin (one per line or JSONL) →
 * one JSON line per text (`{"index","line","embedding"}`, see {@link EmbedLine}) on stdout, written in
 * input order as soon as it is known. Batches follow the model's cap (10 for v3/v4) with bounded
 * concurrency. `--json` prints one {@link EmbedJson} document instead.
 */
export function registerEmbedCommand(program: Command, context: CliContext): void {
  program
    .command('embed')
    .description('Embed texts (arguments, --file or stdin; one per line or JSONL) and print one JSON line per vector')
    .argument('[texts...]', 'texts to embed; read from --file or stdin when omitted')
    .option('-m, --model <id>', 'embedding model', 'text-embedding-v4')
    .option('-d, --dimension <n>', 'vector dimension the model allows (v4: 2048, 1536, 1024, 768, 512, 256, 128, 64)', integerOption(1))
    .addOption(new Option('-t, --text-type <type>', 'document for indexed text, query for search queries').choices(['document', 'query']).default('document'))
    .option('--instruct <text>', 'text-embedding-v4 query task description (English)')
    .option('-f, --file <path>', 'read texts from a file: one per line, or JSONL {"text": "..."}')
    .option('--concurrency <n>', 'embedding requests in flight', integerOption(1, 32), DEFAULT_INDEX_CONCURRENCY)
    .option('--json', 'print one JSON document { model, dimension, text_type, embeddings, usage, requests } instead of JSONL')
    .option('-i, --input <file>', 'bulk mode: embed every line of a JSONL ({"text","id"}) or text file, resumably')
    .option('-o, --output <file>', 'bulk mode: JSONL output {"line","id","embedding"}, in input order; also the checkpoint')
    .option('--dry-run', 'bulk mode: count lines, texts, skipped lines, tokens and requests and estimate the cost; send nothing')
    .option('--rpm <n>', 'bulk mode: the model\'s known requests-per-minute quota (else found adaptively)', integerOption(1))
    .option('--tpm <n>', 'bulk mode: the model\'s known tokens-per-minute quota', integerOption(1))
    .option('--redis <url>', 'bulk mode over many workers: run the same command on each; queue (BullMQ) and shared quota in this Redis/Valkey')
    .option('--job <name>', 'with --redis: job name shared by its workers (default: from the output file name)')
    .option('--work-dir <dir>', 'with --redis: folder every worker shares for the plan and chunk checkpoints (default <output>.work)')
    .option('--chunk-lines <n>', 'with --redis: input lines per queued chunk', integerOption(1), 1000)
    .addOption(new Option('--via <engine>', 'bulk mode: sync (real-time requests) or batch (DashScope Batch API: 50 % of the price, results within 24 h; resumable)').choices(['sync', 'batch']).default('sync'))
    .addHelpText(
      'after',
      `
Examples:
  $ dashscope-kit embed "npm installs packages" "tea is a drink"
  $ dashscope-kit embed --dimension 512 --text-type query "how do I publish?"
  $ dashscope-kit embed --file texts.jsonl > vectors.jsonl
  $ printf 'one\\ntwo\\n' | dashscope-kit embed --json
  $ dashscope-kit embed --input big.jsonl --dry-run
  $ dashscope-kit embed --input big.jsonl --output vectors.jsonl --rpm 1800 --tpm 1200000
  $ dashscope-kit embed --input big.jsonl --output vectors.jsonl --rpm 1800 --redis redis://127.0.0.1:6379   # on each worker
  $ dashscope-kit embed --input big.jsonl --output vectors.jsonl --via batch

Bulk mode exits 8 when the job finished but some lines failed (empty, too long, invalid): each has an
"error" line in the output and is listed on stderr. An output written with another model, dimension or
text type is refused (exit 2). Binary or non-UTF-8 input is refused with its file and line (exit 2).`,
    )
    .action(async (args: string[], options: EmbedOptions) => {
      const { io } = context;
      if (options.input !== undefined) {
        if (args.length > 0) throw new UsageError(`--input ${options.input} embeds the lines of that file; the ${args.length} text argument(s) would be ignored.`, 'Drop the texts, or drop --input to embed them.');
        if (options.file !== undefined) throw new UsageError('Pass either --input (bulk mode) or --file, not both.', '--input <file> --output <file> for a resumable job; --file <path> to print vectors on stdout.');
        if (options.redis !== undefined) {
          if (options.dryRun) throw new UsageError('--dry-run prices a file; it needs no --redis.', 'Drop --redis to price the file.');
          if (options.via === 'batch') throw new UsageError('--redis spreads real-time requests over workers; --via batch runs on DashScope\'s Batch API and needs no workers.', 'Drop one of --redis and --via batch.');
          await runDistributedEmbed(context, { ...options, input: options.input, redis: options.redis });
        } else {
          if (options.job !== undefined || options.workDir !== undefined) throw new UsageError('--job and --work-dir need --redis <url>.', 'Add --redis redis://host:6379, or drop them.');
          await runBulkEmbed(context, { ...options, input: options.input });
        }
        return;
      }
      if (options.redis !== undefined) throw new UsageError('--redis needs --input <file> and --output <file> (bulk mode over many workers).', 'Add --input big.jsonl --output vectors.jsonl.');
      if (options.output !== undefined) throw new UsageError('--output needs --input <file> (bulk mode); without it vectors go to stdout.', 'Add --input <file>, or redirect stdout: dashscope-kit embed --file texts.txt > vectors.jsonl');
      if (options.dryRun) throw new UsageError('--dry-run needs --input <file> (bulk mode).', 'Add --input <file> to price a file.');
      if (options.via === 'batch') throw new UsageError('--via batch needs --input <file> and --output <file> (bulk mode).', 'Add --input big.jsonl --output vectors.jsonl.');
      if (options.file !== undefined && args.length > 0) throw new UsageError(`Pass texts either as arguments or with --file ${options.file}, not both.`, 'Drop the texts, or drop --file.');
      const inputs = await readTextInputs({ args, file: options.file && context.resolvePath(options.file), stdin: io.stdin, what: 'texts' });
      const base = {
        model: options.model,
        text_type: options.textType,
        ...(options.dimension !== undefined ? { dimension: options.dimension } : {}),
        ...(options.instruct !== undefined ? { instruct: options.instruct } : {}),
      };
      const info = validateEmbeddingParams({ ...base, input: inputs.map((input) => input.text).slice(0, 1) }, 'native');
      const client = await context.client();
      const batchSize = info?.maxBatch ?? getEmbeddingModel(options.model)?.maxBatch ?? 10;
      const batches: { start: number; items: TextInput[] }[] = [];
      for (let start = 0; start < inputs.length; start += batchSize) batches.push({ start, items: inputs.slice(start, start + batchSize) });

      const results: (EmbedLine | undefined)[] = new Array(inputs.length);
      const output: EmbedJson = { model: options.model, dimension: 0, text_type: options.textType, embeddings: [], usage: { total_tokens: 0 }, requests: 0 };
      let written = 0;
      let done = 0;
      const bar = createProgressBar(io.stderr, context.err, 'embedding', 'texts');
      if (batches.length > 1) bar.start(inputs.length);
      const flush = (): void => {
        while (written < inputs.length && results[written]) {
          const line = results[written] as EmbedLine;
          if (options.json) output.embeddings.push(line);
          else io.stdout.write(`${JSON.stringify(line)}\n`);
          results[written++] = undefined;
        }
      };
      try {
        await runPool(
          batches,
          options.concurrency,
          async ({ start, items }) => {
            const result = await client.embeddings.create({ ...base, input: items.map((item) => item.text) }, { signal: io.signal });
            output.requests++;
            output.usage.total_tokens += result.usage.total_tokens;
            output.dimension = result.dimension ?? output.dimension;
            items.forEach((item, offset) => {
              const line: EmbedLine = { index: start + offset, embedding: result.embeddings[offset]?.embedding ?? [] };
              if (item.line !== undefined) line.line = item.line;
              results[start + offset] = line;
            });
            done += items.length;
            bar.update(done);
            flush();
          },
          io.signal,
        );
      } finally {
        bar.stop();
      }
      if (io.signal.aborted) throw new InterruptedError(`Interrupted after ${written} of ${inputs.length} texts.`, 'The lines printed so far are complete; run again for the rest.');
      if (options.json) writeJson(io.stdout, output);
    });
}
