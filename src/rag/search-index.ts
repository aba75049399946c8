import type { DashScope } from '../index.js';
import { LocalFileError } from './local-file-error.js';
import { cosineTopK } from './cosine-top-k.js';
import type { IndexStore, StoredChunk } from './index-store.js';
import { describeVectorSet, type VectorSet } from './vector-set.js';

/** Default rerank model of `search` and `ask` (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api). */
export const DEFAULT_RERANK_MODEL = 'qwen3-rerank';
/** Candidates taken by cosine similarity before rerank. */
export const DEFAULT_TOP_K = 20;
/** Results kept after rerank. */
export const DEFAULT_TOP_N = 5;

/** Options of {@link searchIndex}. */
export interface SearchOptions {
  store: IndexStore;
  client: DashScope;
  /** The vector set to search: the query is embedded by the same source, model and dimension (see `buildIndex`). */
  set: VectorSet;
  query: string;
  /** Candidates by cosine similarity. Default {@link DEFAULT_TOP_K}. */
  topK?: number | undefined;
  /** Results after rerank. Default {@link DEFAULT_TOP_N}. */
  topN?: number | undefined;
  /** Rerank model, or `false` to keep the cosine order. Default {@link DEFAULT_RERANK_MODEL}. */
  rerankModel?: string | false;
  /** Task description for qwen3-rerank (English). */
  instruct?: string | undefined;
  signal?: AbortSignal;
}

/** One search result: the `--json` item of `dashscope-kit search`. */
export interface SearchHit {
  /** 1-based rank after rerank; the citation number in `ask`. */
  rank: number;
  file: string;
  heading: string;
  /** Position of the chunk in its file. */
  ordinal: number;
  text: string;
  /** Cosine similarity of the query and chunk vectors, in [-1, 1]. */
  cosine: number;
  /** Rerank `relevance_score` in [0, 1]; `null` when rerank was skipped. */
  relevance_score: number | null;
}

type StoredChunkWithFile = StoredChunk & { file: string };

/** Search results and what they cost. */
export interface SearchResult {
  query: string;
  hits: SearchHit[];
  /** Chunks searched. */
  searched: number;
  embeddingModel: string;
  rerankModel: string | null;
  usage: { embedding_tokens: number; rerank_tokens: number };
}

/**
 * Answers a query from the index: embeds it with `text_type: 'query'` (same source, model and dimension
 * as the index), takes the `topK` chunks by cosine similarity, reranks them (heading + text) and keeps `topN`.
 *
 * Chunks without a vector in `set` (an interrupted run) are not searched.
 *
 * @throws LocalFileError when the store holds no vector of `set` yet; SDK errors from the embedding or rerank call.
 */
export async function searchIndex(options: SearchOptions): Promise<SearchResult> {
  const { store, client, query, signal, set } = options;
  const chunks: (StoredChunkWithFile & { vector: Float64Array })[] = [];
  for (const record of store.listFiles()) {
    for (const chunk of record.chunks) {
      const vector = store.getVector(set, chunk.key);
      if (vector) chunks.push({ ...chunk, file: record.file, vector });
    }
  }
  if (chunks.length === 0) {
    throw new LocalFileError(`No index of ${describeVectorSet(set)} in ${store.path}.`, 'Run: dashscope-kit index <folder> (or pass --docs <folder>).');
  }
  const vectors = chunks.map((chunk) => chunk.vector);
  const requestOptions = signal ? { signal } : {};
  const embedded = await client.embeddings.create({ model: set.model, input: query, dimension: set.dimension, text_type: 'query' }, requestOptions);
  const queryVector = embedded.embeddings[0]?.embedding ?? [];
  const topN = options.topN ?? DEFAULT_TOP_N;
  const candidates = cosineTopK(queryVector, vectors, options.topK ?? DEFAULT_TOP_K);
  const rerankModel = options.rerankModel === undefined ? DEFAULT_RERANK_MODEL : options.rerankModel;
  const toHit = (index: number, cosine: number, relevance: number | null, rank: number): SearchHit => {
    const chunk = chunks[index] as (typeof chunks)[number];
    return { rank, file: chunk.file, heading: chunk.heading, ordinal: chunk.ordinal, text: chunk.text, cosine, relevance_score: relevance };
  };
  const usage = { embedding_tokens: embedded.usage.total_tokens, rerank_tokens: 0 };
  if (rerankModel === false || candidates.length === 0) {
    const hits = candidates.slice(0, topN).map((candidate, position) => toHit(candidate.index, candidate.score, null, position + 1));
    return { query, hits, searched: chunks.length, embeddingModel: set.model, rerankModel: null, usage };
  }
  const documents = candidates.map((candidate) => {
    const chunk = chunks[candidate.index] as (typeof chunks)[number];
    return `${chunk.heading}\n\n${chunk.text}`;
  });
  const params = { model: rerankModel, query, documents, top_n: topN, ...(options.instruct ? { instruct: options.instruct } : {}) };
  const reranked = await client.rerank.create(params, requestOptions);
  usage.rerank_tokens = reranked.usage.total_tokens;
  const hits = reranked.results.map((result, position) => {
    const candidate = candidates[result.index] as (typeof candidates)[number];
    return toHit(candidate.index, candidate.score, result.relevance_score, position + 1);
  });
  return { query, hits, searched: chunks.length, embeddingModel: set.model, rerankModel, usage };
}
