import type { DashScope } from '../index.js';
import { LocalFileError } from './local-file-error.js';
import { reciprocalRankFusion, RRF_K } from './reciprocal-rank-fusion.js';
import type { SparseVector, VectorStore } from './stores/vector-store.js';
import { describeVectorSet, type VectorSet } from './vector-set.js';

/** Default rerank model of `search` and `ask` (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api). */
export const DEFAULT_RERANK_MODEL = 'qwen3-rerank';
/** Candidates taken by retrieval (each ranking, and the fused list) before rerank. */
export const DEFAULT_TOP_K = 20;
/** Results kept after rerank. */
export const DEFAULT_TOP_N = 5;

/**
 * How candidates are retrieved: `dense` by cosine similarity of the dense vectors, `sparse` by the inner
 * product of DashScope's sparse (lexical) vectors, `hybrid` both, fused by reciprocal rank fusion (k = 60).
 */
export type Retrieval = 'dense' | 'sparse' | 'hybrid';

/** Options of {@link searchIndex}. */
export interface SearchOptions {
  store: VectorStore;
  client: DashScope;
  /** The vector set to search: the query is embedded by the same source, model and dimension (see `buildIndex`). */
  set: VectorSet;
  query: string;
  /** Default `hybrid` when the set holds sparse vectors (see `BuildIndexOptions.sparse`), else `dense`. */
  retrieval?: Retrieval | undefined;
  /** Candidates from retrieval (per ranking and after fusion). Default {@link DEFAULT_TOP_K}. */
  topK?: number | undefined;
  /** Results after rerank. Default {@link DEFAULT_TOP_N}. */
  topN?: number | undefined;
  /** Rerank model, or `false` to keep the retrieval order. Default {@link DEFAULT_RERANK_MODEL}. */
  rerankModel?: string | false | undefined;
  /** Task description for qwen3-rerank (English). */
  instruct?: string | undefined;
  signal?: AbortSignal | undefined;
}

/** One search result: the `--json` item of `dashscope-kit search`. */
export interface SearchHit {
  /** 1-based rank after rerank (retrieval order without rerank); the citation number in `ask`. */
  rank: number;
  file: string;
  heading: string;
  /** Position of the chunk in its file. */
  ordinal: number;
  text: string;
  /** Cosine similarity of the query and chunk dense vectors, in [-1, 1]; `null` when the chunk was not in the dense top-k (sparse-only retrieval, or found by sparse alone). */
  cosine: number | null;
  /** Inner product of the query and chunk sparse vectors (≥ 0); `null` when the chunk was not in the sparse top-k (or retrieval was dense). */
  sparse_score: number | null;
  /** Reciprocal rank fusion score Σ 1/(60 + rank) over the dense and sparse rankings; `null` unless retrieval was hybrid. */
  rrf_score: number | null;
  /** 1-based position in the retrieval order (after fusion), before rerank. */
  retrieval_rank: number;
  /** Rerank `relevance_score` in [0, 1]; `null` when rerank was skipped. */
  relevance_score: number | null;
}

/** Search results and what they cost. */
export interface SearchResult {
  query: string;
  hits: SearchHit[];
  /** Vectors in the searched set. */
  searched: number;
  retrieval: Retrieval;
  embeddingModel: string;
  rerankModel: string | null;
  usage: { embedding_tokens: number; rerank_tokens: number };
}

interface Candidate {
  key: string;
  cosine: number | null;
  sparse: number | null;
  rrf: number | null;
}

/**
 * Answers a query from the index: embeds it with `text_type: 'query'` (same source, model and dimension as
 * the index; `output_type` `sparse` or `dense&sparse` when retrieval needs the sparse vector), takes the
 * `topK` chunks by cosine similarity (`dense`), sparse inner product (`sparse`), or both fused by reciprocal
 * rank fusion (`hybrid`), reranks them (heading + text) and keeps `topN`.
 *
 * Chunks without a vector in `set` (an interrupted run) are not searched.
 *
 * @throws LocalFileError when the store holds no vector of `set` yet, or `sparse`/`hybrid` is asked of a set
 *   without sparse vectors; SDK errors from the embedding or rerank call.
 */
export async function searchIndex(options: SearchOptions): Promise<SearchResult> {
  const { store, client, query, signal, set } = options;
  const searched = await store.vectorCount(set);
  if (searched === 0) {
    throw new LocalFileError(`No index of ${describeVectorSet(set)} in ${store.location}.`, 'Run: dashscope-kit index <folder> (or pass --docs <folder>).');
  }
  const hasSparse = await store.hasSparse(set);
  const retrieval: Retrieval = options.retrieval ?? (hasSparse ? 'hybrid' : 'dense');
  if (retrieval !== 'dense' && !hasSparse) {
    throw new LocalFileError(`The index of ${describeVectorSet(set)} in ${store.location} holds no sparse vectors, so ${retrieval} retrieval cannot run.`, 'Use dense retrieval, or index with text-embedding-v3/v4 (sparse vectors are stored with them).');
  }
  const topK = options.topK ?? DEFAULT_TOP_K;
  const topN = options.topN ?? DEFAULT_TOP_N;
  const requestOptions = signal ? { signal } : {};
  const outputType = retrieval === 'dense' ? {} : { output_type: retrieval === 'sparse' ? ('sparse' as const) : ('dense&sparse' as const) };
  const embedded = await client.embeddings.create({ model: set.model, input: query, dimension: set.dimension, text_type: 'query', ...outputType }, requestOptions);
  const item = embedded.embeddings[0];
  const dense = retrieval === 'sparse' ? [] : await store.searchDense(set, item?.embedding ?? [], topK);
  const sparse = retrieval === 'dense' ? [] : await store.searchSparse(set, toSparseQuery(item?.sparse_embedding ?? []), topK);
  const cosine = new Map(dense.map((hit) => [hit.key, hit.score]));
  const sparseScore = new Map(sparse.map((hit) => [hit.key, hit.score]));
  const ranked: Candidate[] =
    retrieval === 'hybrid'
      ? reciprocalRankFusion([dense.map((hit) => hit.key), sparse.map((hit) => hit.key)], RRF_K)
          .slice(0, topK)
          .map((hit) => ({ key: hit.key, cosine: cosine.get(hit.key) ?? null, sparse: sparseScore.get(hit.key) ?? null, rrf: hit.score }))
      : (retrieval === 'dense' ? dense : sparse).map((hit) => ({ key: hit.key, cosine: cosine.get(hit.key) ?? null, sparse: sparseScore.get(hit.key) ?? null, rrf: null }));
  const located = new Map((await store.locateChunks(ranked.map((candidate) => candidate.key))).map((chunk) => [chunk.key, chunk]));
  const candidates = ranked.filter((candidate) => located.has(candidate.key));
  const rerankModel = options.rerankModel === undefined ? DEFAULT_RERANK_MODEL : options.rerankModel;
  const toHit = (position: number, relevance: number | null, rank: number): SearchHit => {
    const candidate = candidates[position] as Candidate;
    const chunk = located.get(candidate.key) as NonNullable<ReturnType<typeof located.get>>;
    return {
      rank,
      file: chunk.file,
      heading: chunk.heading,
      ordinal: chunk.ordinal,
      text: chunk.text,
      cosine: candidate.cosine,
      sparse_score: candidate.sparse,
      rrf_score: candidate.rrf,
      retrieval_rank: position + 1,
      relevance_score: relevance,
    };
  };
  const usage = { embedding_tokens: embedded.usage.total_tokens, rerank_tokens: 0 };
  const result = { query, searched, retrieval, embeddingModel: set.model };
  if (rerankModel === false || candidates.length === 0) {
    const hits = candidates.slice(0, topN).map((_, position) => toHit(position, null, position + 1));
    return { ...result, hits, rerankModel: null, usage };
  }
  const documents = candidates.map((candidate) => {
    const chunk = located.get(candidate.key) as NonNullable<ReturnType<typeof located.get>>;
    return `${chunk.heading}\n\n${chunk.text}`;
  });
  const params = { model: rerankModel, query, documents, top_n: topN, ...(options.instruct ? { instruct: options.instruct } : {}) };
  const reranked = await client.rerank.create(params, requestOptions);
  usage.rerank_tokens = reranked.usage.total_tokens;
  const hits = reranked.results.map((reply, position) => toHit(reply.index, reply.relevance_score, position + 1));
  return { ...result, hits, rerankModel, usage };
}

/** The query's `sparse_embedding` entries as a {@link SparseVector}. */
function toSparseQuery(entries: ReadonlyArray<{ index: number; value: number }>): SparseVector {
  return { indices: entries.map((entry) => entry.index), values: entries.map((entry) => entry.value) };
}
