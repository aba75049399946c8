import { resolve } from 'node:path';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { APIUserAbortError, validateEmbeddingParams, type DashScope } from '../index.js';
import type { EmbeddingCache } from '../cache/embedding-cache.js';
import { getEmbeddingModel } from '../models/index.js';
import { embedMany } from '../production/embed-many.js';
import type { RateLimiter } from '../production/rate-limiter.js';
import type { EmbedBatch } from '../production/resolve-embed-settings.js';
import { chunkCode } from './chunk-code.js';
import { chunkMarkdown, type ChunkOptions } from './chunk-markdown.js';
import { chunkTextKey } from './chunk-text-key.js';
import { listDocFiles } from './list-doc-files.js';
import { codeLanguageOf } from './code-languages.js';
import { readDocFile, type DocSkipReason } from './read-doc-file.js';
import type { IndexedFile, SparseVector, StoredChunk, StoredVector, VectorStore } from './stores/vector-store.js';
import type { TokenCounter } from './token-counter.js';
import { sameVectorSet, type VectorSet } from './vector-set.js';

/** Default embedding model of the index (https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api). */
export const DEFAULT_INDEX_MODEL = 'text-embedding-v4';
/** Default vector dimension of the index. */
export const DEFAULT_INDEX_DIMENSION = 1024;
/** Default number of embedding requests in flight during `index`. */
export const DEFAULT_INDEX_CONCURRENCY = 4;

/** Files scanned between two yields to the event loop when nothing needs chunking (Ctrl-C stays prompt). */
const SCAN_YIELD_EVERY = 64;
/** Chunked file records committed together during the scan (one store transaction each). */
const RECORDS_PER_COMMIT = 32;

/** A price estimate, e.g. `{ amount: 0.0123, currency: 'USD' }`. */
export interface IndexCost {
  amount: number;
  currency: string;
}

/** What a run has to embed, known before the first embedding request. */
export interface IndexPlan {
  /** The set this run embeds into. */
  set: VectorSet;
  /** The set of the previous run when it differs from `set` (a model, dimension or source switch), else `null`. */
  switchedFrom: VectorSet | null;
  /** Chunks that need a vector. */
  chunks: number;
  /** Their tokens (Qwen BPE, as chunked), an estimate of what the service will bill. */
  tokens: number;
  /** Price of those tokens, or `null` offline or when the catalog has no price. */
  cost: IndexCost | null;
}

/** Progress of a phase: files scanned (read, hashed, chunked when new or changed), or chunks embedded. */
export interface IndexProgress {
  phase: 'scan' | 'embed';
  done: number;
  total: number;
}

/** Options of {@link buildIndex}. */
export interface BuildIndexOptions {
  /** Folder of `.md` / `.txt` and code files (see `listDocFiles`). */
  folder: string;
  store: VectorStore;
  client: DashScope;
  /** Who computes the vectors: the client's origin, or `builtin-emulator` offline. Each source has its own vector set. */
  source: string;
  countTokens: TokenCounter;
  /** Embedding model. Default {@link DEFAULT_INDEX_MODEL}. */
  model?: string | undefined;
  /** Vector dimension, one the model allows. Default {@link DEFAULT_INDEX_DIMENSION}. */
  dimension?: number | undefined;
  /**
   * Also store sparse vectors (`output_type: 'dense&sparse'`, one request for both) for hybrid search.
   * Default: when the catalog says the model returns them (text-embedding-v3/v4). @throws InputValidationError
   * (before any request) when true for a model without sparse output.
   */
  sparse?: boolean | undefined;
  /** Embedding requests in flight. Default {@link DEFAULT_INDEX_CONCURRENCY}. */
  concurrency?: number | undefined;
  /** Paces every embedding attempt (share it with the other work on the same account); omitted: concurrency alone. */
  limiter?: RateLimiter | undefined;
  /** Texts it holds cost no request (a chunk text seen by another index or job); new vectors are stored in it too. */
  cache?: EmbeddingCache | undefined;
  /** Chunk sizes in tokens (see `chunkMarkdown`, `chunkCode`). */
  chunking?: Omit<ChunkOptions, 'countTokens'>;
  /** Prices `tokens` of the model (for {@link IndexPlan.cost}); omitted: no price. */
  price?: ((tokens: number) => IndexCost | null) | undefined;
  /** Aborting (Ctrl-C) stops every phase at its next step, aborts requests in flight, keeps finished work and ends with `interrupted: true`. */
  signal?: AbortSignal | undefined;
  /** Called when a phase starts (`done: 0`) and as it advances. */
  onProgress?: ((progress: IndexProgress) => void) | undefined;
  /** Called once the scan is done, before the first embedding request. */
  onPlan?: ((plan: IndexPlan) => void) | undefined;
}

/** A file of the folder that is not indexed. */
export interface SkippedFile {
  file: string;
  /** `binary`: NUL bytes; `invalid-utf8`: not UTF-8 text; `lockfile`, `minified`, `generated`, `too-large` (code over 512 KiB): see `DocSkipReason`. */
  reason: DocSkipReason;
}

/** What `index` did: the `--json` output of `dashscope-kit index`. */
export interface IndexReport {
  /** Absolute path of the indexed folder. */
  folder: string;
  /** Where the vectors are kept: the store's `location` (a folder, or a connection URL without its password). */
  index: string;
  /** Who computed the vectors: the DashScope origin, or `builtin-emulator`. */
  source: string;
  model: string;
  dimension: number;
  /** Whether this run stored sparse vectors beside the dense ones (`output_type: 'dense&sparse'`). */
  sparse: boolean;
  files: {
    /** Files indexed: `new.length + changed.length + unchanged` (skipped files not included). */
    total: number;
    new: string[];
    /** Files whose bytes changed since they were chunked. A model or dimension switch changes no file. */
    changed: string[];
    unchanged: number;
    removed: string[];
    /** Binary, non-UTF-8, lockfile, minified, generated or too large code files, neither chunked nor embedded. */
    skipped: SkippedFile[];
  };
  /**
   * Chunks of the indexed files, always `total = embedded + reused + duplicates + pending`: each distinct
   * text is embedded once per vector set, so a repeated one is a duplicate of the first.
   */
  chunks: {
    /** Chunks of the indexed files (of the files scanned so far, when interrupted during the scan). */
    total: number;
    /** Distinct chunks embedded by this run. */
    embedded: number;
    /** Distinct chunks whose vector (in this set) was already stored: unchanged files, a resumed run, switching back to a model. */
    reused: number;
    /** Chunks whose text repeats an earlier chunk's: they share its vector. */
    duplicates: number;
    /** Distinct chunks still without a vector because the run was interrupted (0 otherwise). */
    pending: number;
  };
  /** The previous run's vector set when this run switched model, dimension or source, else `null`. */
  switchedFrom: VectorSet | null;
  /** What this run had to embed when the scan ended, before spending anything. */
  planned: { chunks: number; tokens: number; cost: IndexCost | null };
  /** Embedding requests sent by this run (first attempts; retries and cache hits not counted). */
  embeddingRequests: number;
  /** Tokens billed for those requests, as reported by the service. */
  embeddingTokens: number;
  /** True when Ctrl-C stopped the run; finished work was kept and the next run resumes. */
  interrupted: boolean;
  /** Wall time in ms. */
  durationMs: number;
}

interface PendingChunk {
  key: string;
  text: string;
  tokens: number;
}

/** DashScope's `sparse_embedding` entries as a {@link SparseVector} sorted by index (duplicate indices summed). */
function toSparseVector(entries: ReadonlyArray<{ index: number; value: number }>): SparseVector {
  const weights = new Map<number, number>();
  for (const { index, value } of entries) weights.set(index, (weights.get(index) ?? 0) + value);
  const indices = [...weights.keys()].sort((left, right) => left - right);
  return { indices, values: indices.map((index) => weights.get(index) as number) };
}

function embedTextOf(chunk: Pick<StoredChunk, 'heading' | 'text'>): string {
  return `${chunk.heading}\n\n${chunk.text}`;
}

/**
 * Builds or refreshes the index of a folder for one vector set (source, model, dimension).
 *
 * 1. Scan: files are read one by one and compared with the store by SHA-256; new and changed files are
 *    chunked (Markdown and text heading-aware, see `chunkMarkdown`; code at its declarations, see `chunkCode`) and their records committed every 32 files and on Ctrl-C; binary and non-UTF-8
 *    files are skipped and reported.
 * 2. Plan: every distinct chunk text without a vector in this set is counted with its tokens and price
 *    ({@link IndexPlan}), before any request. Switching model or dimension changes no file record; switching
 *    back to a set finds its vectors still stored.
 * 3. Embed: `embedMany` with `text_type: 'document'` (and `output_type: 'dense&sparse'` when `sparse`: both vectors
 *    are stored, see {@link BuildIndexOptions.sparse}) (batches of the model's cap, 10 for v3/v4, bounded
 *    concurrency, the shared `limiter` and `cache` when given, retries on one budget); each batch is committed
 *    on its own as it finishes, so an interrupted run loses at most the batches in flight.
 * 4. A complete run drops removed files and deletes vectors (of any set) whose text no file has any more.
 *
 * Every phase checks `signal` between steps and yields to the event loop, so Ctrl-C is seen within
 * milliseconds; requests in flight are aborted.
 *
 * @throws InputValidationError for a model/dimension the catalog rejects (before reading anything);
 *   LocalFileError for a missing, unreadable or empty folder or an unreadable file; any SDK error of a
 *   failed batch (after the batches in flight have settled; finished ones are kept).
 */
export async function buildIndex(options: BuildIndexOptions): Promise<IndexReport> {
  const started = Date.now();
  const { store, client, signal, source } = options;
  const model = options.model ?? DEFAULT_INDEX_MODEL;
  const dimension = options.dimension ?? DEFAULT_INDEX_DIMENSION;
  const set: VectorSet = { source, model, dimension };
  const sparse = options.sparse ?? getEmbeddingModel(model)?.outputTypes.includes('dense&sparse') === true;
  const outputType = sparse ? { output_type: 'dense&sparse' as const } : {};
  validateEmbeddingParams({ model, input: 'x', dimension, text_type: 'document', ...outputType }, client.protocol, client.region);
  const folder = resolve(options.folder);
  const previous = await store.getMeta();
  const report: IndexReport = {
    folder,
    index: store.location,
    source,
    model,
    dimension,
    sparse,
    files: { total: 0, new: [], changed: [], unchanged: 0, removed: [], skipped: [] },
    chunks: { total: 0, embedded: 0, reused: 0, duplicates: 0, pending: 0 },
    switchedFrom: previous && !sameVectorSet(previous.set, set) ? previous.set : null,
    planned: { chunks: 0, tokens: 0, cost: null },
    embeddingRequests: 0,
    embeddingTokens: 0,
    interrupted: false,
    durationMs: 0,
  };
  const finish = (interrupted: boolean): IndexReport => {
    report.interrupted = interrupted;
    report.durationMs = Date.now() - started;
    return report;
  };

  const paths = await listDocFiles(folder, signal);
  if (signal?.aborted) return finish(true);
  await store.setMeta({ root: folder, set, complete: false, updatedAt: previous?.updatedAt ?? new Date(0).toISOString() });

  const seen = new Set<string>();
  const pending: PendingChunk[] = [];
  const present = new Set<string>();
  const count = async (chunks: readonly StoredChunk[]): Promise<void> => {
    const fresh: StoredChunk[] = [];
    for (const chunk of chunks) {
      report.chunks.total++;
      if (seen.has(chunk.key)) report.chunks.duplicates++;
      else {
        seen.add(chunk.key);
        fresh.push(chunk);
      }
    }
    if (fresh.length === 0) return;
    const stored = await store.hasVectors(set, fresh.map((chunk) => chunk.key));
    for (const chunk of fresh) {
      if (stored.has(chunk.key)) report.chunks.reused++;
      else pending.push({ key: chunk.key, text: embedTextOf(chunk), tokens: chunk.tokens });
    }
  };

  const unsaved: IndexedFile[] = [];
  // Records are committed every RECORDS_PER_COMMIT files without waiting for the disk; `save` waits for all.
  const saving = new Set<Promise<void>>();
  let saveError: { error: unknown } | undefined;
  const commitFiles = (): void => {
    const written: Promise<void> = store.putFiles(unsaved.splice(0)).then(
      () => void saving.delete(written),
      (error: unknown) => {
        saving.delete(written);
        saveError ??= { error };
      },
    );
    saving.add(written);
  };
  const save = async (): Promise<void> => {
    if (unsaved.length > 0) commitFiles();
    while (saving.size > 0) await Promise.all(saving);
    if (saveError) throw saveError.error;
  };
  const stop = async (): Promise<IndexReport> => {
    await save();
    report.chunks.pending = pending.length;
    return finish(true);
  };
  options.onProgress?.({ phase: 'scan', done: 0, total: paths.length });
  for (const [position, path] of paths.entries()) {
    if (signal?.aborted) return stop();
    const doc = await readDocFile(folder, path);
    const known = await store.getFile(path);
    let chunked = false;
    if (doc.skipped || doc.content === undefined) {
      report.files.skipped.push({ file: path, reason: doc.skipped ?? 'binary' });
    } else if (known?.hash === doc.hash) {
      present.add(path);
      report.files.unchanged++;
      await count(known.chunks);
    } else {
      let chunks: Awaited<ReturnType<typeof chunkMarkdown>>;
      try {
        const chunking: ChunkOptions = { countTokens: options.countTokens, ...options.chunking };
        const language = codeLanguageOf(path);
        chunks = language ? await chunkCode(path, doc.content, { ...chunking, language }) : await chunkMarkdown(path, doc.content, chunking);
      } catch (error) {
        if (!signal?.aborted) throw error;
        return stop();
      }
      present.add(path);
      (known ? report.files.changed : report.files.new).push(path);
      const record: IndexedFile = {
        file: path,
        hash: doc.hash,
        chunks: chunks.map((chunk) => ({ key: chunkTextKey(chunk.embedText), heading: chunk.heading, ordinal: chunk.ordinal, text: chunk.text, tokens: chunk.tokens })),
      };
      unsaved.push(record);
      if (unsaved.length >= RECORDS_PER_COMMIT) commitFiles();
      if (saveError) throw saveError.error;
      await count(record.chunks);
      chunked = true;
    }
    options.onProgress?.({ phase: 'scan', done: position + 1, total: paths.length });
    if (chunked || position % SCAN_YIELD_EVERY === 0) await yieldToEventLoop();
  }
  await save();
  report.files.total = present.size;
  report.files.removed = (await store.listFiles())
    .map((record) => record.file)
    .filter((file) => !present.has(file));
  await store.removeFiles(report.files.removed);

  const tokens = pending.reduce((sum, chunk) => sum + chunk.tokens, 0);
  report.planned = { chunks: pending.length, tokens, cost: pending.length > 0 ? (options.price?.(tokens) ?? null) : null };
  options.onPlan?.({ set, switchedFrom: report.switchedFrom, ...report.planned });

  options.onProgress?.({ phase: 'embed', done: 0, total: pending.length });
  const embedding = new AbortController();
  const stopEmbedding = () => embedding.abort(signal?.reason);
  if (signal?.aborted) stopEmbedding();
  else signal?.addEventListener('abort', stopEmbedding, { once: true });
  // Each batch is its own transaction, not awaited before the next request (lmdb commits the transactions
  // queued meanwhile together, one disk sync for several batches), each still all-or-nothing.
  const commits = new Set<Promise<void>>();
  let commitError: { error: unknown } | undefined;
  const commit = (batch: EmbedBatch): void => {
    const vectors = batch.outcomes.flatMap((outcome): StoredVector[] =>
      'failure' in outcome
        ? []
        : [{ key: (pending[outcome.text_index] as PendingChunk).key, dense: outcome.embedding.embedding ?? [], sparse: sparse ? toSparseVector(outcome.embedding.sparse_embedding ?? []) : undefined }],
    );
    if (batch.outcomes.some((outcome) => !('failure' in outcome) && !outcome.cached)) report.embeddingRequests++;
    report.embeddingTokens += batch.usage.total_tokens;
    if (commitError || vectors.length === 0) return;
    const written: Promise<void> = store.putVectors(set, vectors).then(
      () => {
        commits.delete(written);
        report.chunks.embedded += vectors.length;
        options.onProgress?.({ phase: 'embed', done: report.chunks.embedded, total: pending.length });
      },
      (error: unknown) => {
        commits.delete(written);
        commitError ??= { error };
        embedding.abort(error);
      },
    );
    commits.add(written);
  };
  let failure: unknown;
  try {
    if (pending.length > 0) {
      const result = await embedMany(client, {
        model,
        input: pending.map((chunk) => chunk.text),
        dimension,
        text_type: 'document',
        ...outputType,
        concurrency: options.concurrency ?? DEFAULT_INDEX_CONCURRENCY,
        limiter: options.limiter,
        cache: options.cache,
        signal: embedding.signal,
        onBatch: commit,
      });
      failure = result.failures[0] && (result.failures[0].error ?? new Error(result.failures[0].message));
    }
  } catch (error) {
    if (!(error instanceof APIUserAbortError && embedding.signal.aborted)) failure = error;
  } finally {
    signal?.removeEventListener('abort', stopEmbedding);
    while (commits.size > 0) await Promise.all(commits);
  }
  if (commitError) throw commitError.error;
  if (failure !== undefined) throw failure;
  report.chunks.pending = pending.length - report.chunks.embedded;
  if (report.chunks.pending > 0) return finish(true);

  await store.sweepVectors(seen);
  await store.setMeta({ root: folder, set, complete: true, updatedAt: new Date().toISOString() });
  return finish(false);
}
