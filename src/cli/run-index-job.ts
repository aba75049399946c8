import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { APIUserAbortError } from '../index.js';
import { estimateCost } from '../production/index.js';
import type { CliContext } from './cli-context.js';
import { createCliRateLimiter } from './create-cli-rate-limiter.js';
import { defaultDocsFolder } from './default-docs-folder.js';
import { createProgressBar } from './progress-bar.js';
import { buildIndex, DEFAULT_INDEX_MODEL, type IndexCost, type IndexPlan, type IndexReport } from '../rag/build-index.js';
import { MAX_CODE_FILE_BYTES, type DocSkipReason } from '../rag/read-doc-file.js';
import type { VectorStore } from '../rag/stores/vector-store.js';
import { describeVectorSet } from '../rag/vector-set.js';

/** Options shared by `index`, `search`, `ask` and `demo`. */
export interface IndexJobOptions {
  /** Docs folder; default: npm's own documentation. */
  docs?: string | undefined;
  model?: string | undefined;
  dimension?: number | undefined;
  concurrency?: number | undefined;
  /** `--json`: no plain progress lines and no plan line on stderr (a model switch is still announced). */
  json?: boolean | undefined;
}

const SKIP_REASONS: Record<DocSkipReason, string> = {
  binary: 'binary (NUL bytes)',
  'invalid-utf8': 'not valid UTF-8',
  lockfile: 'a lockfile',
  minified: 'minified',
  generated: 'generated (marked in its first lines)',
  'too-large': `code file over ${MAX_CODE_FILE_BYTES / 1024} KiB`,
};

function formatCost(cost: IndexCost | null, offline: boolean): string {
  if (offline) return 'free: offline emulator';
  if (!cost) return 'no price in the catalog';
  const digits = cost.amount >= 1 ? 2 : cost.amount >= 0.01 ? 4 : 6;
  return `~${cost.amount.toFixed(digits)} ${cost.currency}`;
}

/** The line said before spending: `switching to text-embedding-v3 @ 512 dims (…): 640 chunks to embed (~210,000 tokens, ~0.0147 USD)`. */
export function formatIndexPlan(plan: IndexPlan, offline: boolean): string {
  const work =
    plan.chunks === 0
      ? 'nothing to embed, its vectors are still stored'
      : `${plan.chunks} chunks to embed (~${plan.tokens.toLocaleString('en-US')} tokens, ${formatCost(plan.cost, offline)})`;
  if (plan.switchedFrom) return `index: switching to ${describeVectorSet(plan.set)} from ${describeVectorSet(plan.switchedFrom)}: ${work}`;
  return `index: ${work}`;
}

/**
 * Runs the index job for a command: resolves the docs folder (default: npm's docs), shows a progress bar
 * on stderr from the first file scanned and while chunks are embedded (plain lines every 10 s when
 * stderr is not a terminal), says what a run will embed (and what a model
 * switch costs) before the first request, and stops within a step on Ctrl-C (the report then says `interrupted`).
 * Skipped files (binary, not UTF-8, lockfiles, minified, generated, code over 512 KiB) are named in one warning line each at the end.
 */
export async function runIndexJob(context: CliContext, store: VectorStore, options: IndexJobOptions): Promise<IndexReport> {
  const { io } = context;
  const folder = options.docs ? context.resolvePath(options.docs) : await defaultDocsFolder();
  const client = await context.client();
  const { region, offline } = context.errorContext();
  const model = options.model ?? DEFAULT_INDEX_MODEL;
  const plainLines = options.json !== true;
  const bars = {
    scan: createProgressBar(io.stderr, context.err, 'scanning', 'files', { plainLines }),
    embed: createProgressBar(io.stderr, context.err, 'embedding', 'chunks', { plainLines }),
  };
  const price = (tokens: number): IndexCost | null => {
    if (offline || !region) return null;
    const estimate = estimateCost({ model, region, input_tokens: tokens });
    return estimate.priced ? { amount: estimate.amount, currency: estimate.currency } : null;
  };
  try {
    const report = await buildIndex({
      folder,
      store,
      client,
      source: await context.embeddingSource(),
      countTokens: async (texts) => {
        await yieldToEventLoop();
        if (io.signal.aborted) throw new APIUserAbortError();
        return context.countTokens(texts);
      },
      model,
      dimension: options.dimension,
      concurrency: options.concurrency,
      limiter: createCliRateLimiter(model),
      price,
      signal: io.signal,
      onProgress: ({ phase, done, total }) => {
        const bar = bars[phase];
        if (done === 0) {
          bars.scan.stop();
          if (total > 0) bar.start(total);
        } else bar.update(done);
      },
      onPlan: (plan) => {
        bars.scan.stop();
        if (plan.switchedFrom || (plan.chunks > 0 && options.json !== true)) io.stderr.write(`${context.err.dim(formatIndexPlan(plan, offline === true))}\n`);
      },
    });
    for (const { file, reason } of report.files.skipped) io.stderr.write(`${context.err.yellow(`warning: skipped ${file}: ${SKIP_REASONS[reason]}`)}\n`);
    return report;
  } finally {
    bars.scan.stop();
    bars.embed.stop();
  }
}

/** One line describing an index run, e.g. `index: 91 files (3 new, 1 changed, 87 unchanged, 0 removed), 640 chunks; embedded 31 in 4 requests, 602 reused, 7 duplicates; 0.8 s`. */
export function formatIndexSummary(report: IndexReport): string {
  const { files, chunks } = report;
  const skipped = files.skipped.length > 0 ? `, ${files.skipped.length} skipped` : '';
  const fileCounts = `${files.new.length} new, ${files.changed.length} changed, ${files.unchanged} unchanged, ${files.removed.length} removed${skipped}`;
  const parts = [chunks.embedded === 0 ? 'no embedding requests' : `embedded ${chunks.embedded} in ${report.embeddingRequests} requests`];
  if (chunks.reused > 0) parts.push(`${chunks.reused} reused`);
  if (chunks.duplicates > 0) parts.push(`${chunks.duplicates} duplicates`);
  if (chunks.pending > 0) parts.push(`${chunks.pending} left to embed`);
  return `index: ${files.total} files (${fileCounts}), ${chunks.total} chunks; ${parts.join(', ')}; ${(report.durationMs / 1000).toFixed(1)} s`;
}
