import { resolve } from 'node:path';
import { APIUserAbortError, validateEmbeddingParams, type DashScope } from '../../index.js';
import { getEmbeddingModel } from '../../models/index.js';
import { chunkMarkdown, type ChunkOptions } from './chunk-markdown.js';
import { chunkVectorId } from './chunk-vector-id.js';
import type { DocChunk } from './doc-chunk.js';
import type { IndexedFile, IndexStore, StoredChunk } from './index-store.js';
import { readDocFiles } from './read-doc-files.js';
import { runPool } from './run-pool.js';
import type { TokenCounter } from './token-counter.js';

/** Default embedding model of the index (https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api). */
export const DEFAULT_INDEX_MODEL = 'text-embedding-v4';
/** Default vector dimension of the index. */
export const DEFAULT_INDEX_DIMENSION = 1024;
/** Default number of embedding requests in flight during `index`. */
export const DEFAULT_INDEX_CONCURRENCY = 4;

/** Options of {@link buildIndex}. */
export interface BuildIndexOptions {
  /** Folder of `.md` / `.txt` files. */
  folder: string;
  store: IndexStore;
  client: DashScope;
  /** Who computes the vectors: the client's origin, or `builtin-emulator` offline. A change re-embeds everything. */
  source: string;
  countTokens: TokenCounter;
  /** Embedding model. Default {@link DEFAULT_INDEX_MODEL}. */
  model?: string | undefined;
  /** Vector dimension, one the model allows. Default {@link DEFAULT_INDEX_DIMENSION}. */
  dimension?: number | undefined;
  /** Embedding requests in flight. Default {@link DEFAULT_INDEX_CONCURRENCY}. */
  concurrency?: number | undefined;
  /** Chunk sizes in tokens (see `chunkMarkdown`). */
  chunking?: Omit<ChunkOptions, 'countTokens'>;
  /** Aborting (Ctrl-C) stops new requests, keeps every finished batch and ends with `interrupted: true`. */
  signal?: AbortSignal;
  /** Called once the work is known and after every stored batch. */
  onProgress?: (progress: IndexProgress) => void;
}

/** Progress of the embedding phase. */
export interface IndexProgress {
  /** Chunks embedded and stored so far in this run. */
  embedded: number;
  /** Chunks this run has to embed. */
  toEmbed: number;
}

/** What `index` did: the `--json` output of `dashscope-kit index`. */
export interface IndexReport {
  /** Absolute path of the indexed folder. */
  folder: string;
  /** Folder of the index store. */
  index: string;
  /** Who computed the vectors: the DashScope origin, or `builtin-emulator`. */
  source: string;
  model: string;
  dimension: number;
  files: {
    total: number;
    new: string[];
    changed: string[];
    unchanged: number;
    removed: string[];
  };
  chunks: {
    /** Chunks in the index after this run (or so far, when interrupted). */
    total: number;
    /** Chunks embedded by this run. */
    embedded: number;
    /** Chunks of new or changed files whose vector was already stored (unchanged text, or a resumed run). */
    reused: number;
  };
  /** Embedding requests sent by this run (retries inside the client not counted). */
  embeddingRequests: number;
  /** Tokens billed for those requests, as reported by the service. */
  embeddingTokens: number;
  /** True when Ctrl-C stopped the run; finished batches were kept and the next run resumes. */
  interrupted: boolean;
  /** Wall time in ms. */
  durationMs: number;
}

interface PendingChunk {
  id: string;
  text: string;
}

function storedChunk(chunk: DocChunk, id: string): StoredChunk {
  return { id, heading: chunk.heading, ordinal: chunk.ordinal, text: chunk.text, tokens: chunk.tokens };
}

/**
 * Builds or refreshes the index of a folder. Files are compared with the store by SHA-256: new and
 * changed files are chunked (heading-aware, see `chunkMarkdown`), chunks whose vector is not stored yet
 * are embedded with `text_type: 'document'` in batches of the model's cap (10 for v3/v4) with bounded
 * concurrency, and every batch is committed with the files it completes, so an interrupted run loses at
 * most the batches in flight. Removed files are dropped and vectors no file uses are deleted at the end
 * of a complete run. An unchanged folder costs no embedding request.
 *
 * @throws InputValidationError for a model/dimension the catalog rejects (before reading anything);
 *   LocalFileError for a missing or empty folder; any SDK error of a failed batch (after the batches in
 *   flight have settled; finished ones are kept).
 */
export async function buildIndex(options: BuildIndexOptions): Promise<IndexReport> {
  const started = Date.now();
  const { store, client, signal, source } = options;
  const model = options.model ?? DEFAULT_INDEX_MODEL;
  const dimension = options.dimension ?? DEFAULT_INDEX_DIMENSION;
  validateEmbeddingParams({ model, input: 'x', dimension, text_type: 'document' }, client.protocol);
  const batchSize = getEmbeddingModel(model)?.maxBatch ?? 10;
  const folder = resolve(options.folder);
  const docs = await readDocFiles(folder);

  const known = new Map(store.listFiles().map((record) => [record.file, record]));
  const report: IndexReport = {
    folder,
    index: store.path,
    source,
    model,
    dimension,
    files: { total: docs.length, new: [], changed: [], unchanged: 0, removed: [] },
    chunks: { total: 0, embedded: 0, reused: 0 },
    embeddingRequests: 0,
    embeddingTokens: 0,
    interrupted: false,
    durationMs: 0,
  };
  const toChunk = docs.filter((doc) => {
    const record = known.get(doc.file);
    if (!record) report.files.new.push(doc.file);
    else if (record.hash !== doc.hash || record.source !== source || record.model !== model || record.dimension !== dimension) report.files.changed.push(doc.file);
    else return false;
    return true;
  });
  report.files.unchanged = docs.length - toChunk.length;
  const present = new Set(docs.map((doc) => doc.file));
  report.files.removed = [...known.keys()].filter((file) => !present.has(file));

  const previous = store.getMeta();
  await store.setMeta({ root: folder, source, model, dimension, complete: false, updatedAt: previous?.updatedAt ?? new Date(0).toISOString() });
  await store.removeFiles(report.files.removed);

  const waiting = new Map<string, { record: IndexedFile; missing: Set<string> }>();
  const pending = new Map<string, PendingChunk>();
  const readyNow: IndexedFile[] = [];
  for (const doc of toChunk) {
    const chunks = await chunkMarkdown(doc.file, doc.content, { countTokens: options.countTokens, ...options.chunking });
    const record: IndexedFile = { file: doc.file, hash: doc.hash, source, model, dimension, chunks: [] };
    const missing = new Set<string>();
    for (const chunk of chunks) {
      const id = chunkVectorId(source, model, dimension, 'document', chunk.embedText);
      record.chunks.push(storedChunk(chunk, id));
      if (pending.has(id) || !store.hasVector(id)) {
        missing.add(id);
        pending.set(id, { id, text: chunk.embedText });
      } else report.chunks.reused++;
    }
    if (missing.size === 0) readyNow.push(record);
    else waiting.set(doc.file, { record, missing });
  }
  if (readyNow.length > 0) await store.commitBatch([], readyNow);

  const work = [...pending.values()];
  const batches: PendingChunk[][] = [];
  for (let start = 0; start < work.length; start += batchSize) batches.push(work.slice(start, start + batchSize));
  options.onProgress?.({ embedded: 0, toEmbed: work.length });

  const embedBatch = async (batch: PendingChunk[]): Promise<void> => {
    const result = await client.embeddings.create(
      { model, input: batch.map((chunk) => chunk.text), dimension, text_type: 'document' },
      signal ? { signal } : {},
    );
    report.embeddingRequests++;
    report.embeddingTokens += result.usage.total_tokens;
    const vectors = batch.map((chunk, index) => [chunk.id, result.embeddings[index]?.embedding ?? []] as const);
    const completed: IndexedFile[] = [];
    for (const [file, entry] of waiting) {
      for (const chunk of batch) entry.missing.delete(chunk.id);
      if (entry.missing.size === 0) {
        completed.push(entry.record);
        waiting.delete(file);
      }
    }
    await store.commitBatch(vectors, completed);
    report.chunks.embedded += batch.length;
    options.onProgress?.({ embedded: report.chunks.embedded, toEmbed: work.length });
  };

  try {
    await runPool(batches, options.concurrency ?? DEFAULT_INDEX_CONCURRENCY, embedBatch, signal);
  } catch (error) {
    if (!(error instanceof APIUserAbortError && signal?.aborted)) throw error;
  }
  report.interrupted = signal?.aborted === true && waiting.size > 0;

  const records = store.listFiles();
  report.chunks.total = records.reduce((sum, record) => sum + record.chunks.length, 0);
  if (!report.interrupted) {
    await store.sweepVectors(new Set(records.flatMap((record) => record.chunks.map((chunk) => chunk.id))));
    await store.setMeta({ root: folder, source, model, dimension, complete: true, updatedAt: new Date().toISOString() });
  }
  report.durationMs = Date.now() - started;
  return report;
}
