/**
 * `dashscope-kit/rag`: the retrieval-augmented generation pipeline the CLI's `index`, `search`, `ask` and
 * `demo` run on, as a library (Node: it reads folders and keeps an on-disk index).
 *
 * Steps, each usable on its own: list and read a docs folder (`listDocFiles`, `readDocFile`), heading-aware
 * chunking (`chunkMarkdown`) and code chunking at declarations (`chunkCode`, languages by extension in `CODE_EXTENSIONS`), indexing with change detection into a `VectorStore` (`buildIndex`; the embedded
 * `LmdbVectorStore`, or PostgreSQL + pgvector through `openVectorStore('postgres://…')`), dense, sparse or
 * hybrid retrieval (reciprocal rank fusion) and rerank (`searchIndex`), and the grounded prompt with numbered citations
 * (`groundedMessages`, `citedNumbers`), and the whole answer as a stream of typed events (`streamAnswer`).
 */
export { buildIndex, DEFAULT_INDEX_CONCURRENCY, DEFAULT_INDEX_DIMENSION, DEFAULT_INDEX_MODEL } from './build-index.js';
export type { BuildIndexOptions, IndexCost, IndexPlan, IndexProgress, IndexReport, SkippedFile } from './build-index.js';
export { chunkCode } from './chunk-code.js';
export { chunkMarkdown } from './chunk-markdown.js';
export type { ChunkOptions } from './chunk-markdown.js';
export { chunkTextKey } from './chunk-text-key.js';
export { citedNumbers } from './cited-numbers.js';
export { CODE_EXTENSIONS, CODE_SYNTAX, codeLanguageOf, LOCKFILE_NAMES } from './code-languages.js';
export type { CodeSyntax } from './code-languages.js';
export type { DocChunk } from './doc-chunk.js';
export { groundedMessages } from './grounded-messages.js';
export { listDocFiles } from './list-doc-files.js';
export { LocalFileError } from './local-file-error.js';
export { reciprocalRankFusion, RRF_K } from './reciprocal-rank-fusion.js';
export type { FusedHit } from './reciprocal-rank-fusion.js';
export { INDEX_STORE_FORMAT, LmdbVectorStore, OlderIndexFormatError } from './stores/lmdb-vector-store.js';
export { openLmdbVectorStore } from './stores/open-lmdb-vector-store.js';
export { isPostgresLocation, openVectorStore } from './stores/open-vector-store.js';
export type { IndexedFile, IndexMeta, LocatedChunk, SparseVector, StoredChunk, StoredVector, VectorHit, VectorStore } from './stores/vector-store.js';
export { MAX_CODE_FILE_BYTES, readDocFile } from './read-doc-file.js';
export type { DocFile, DocSkipReason } from './read-doc-file.js';
export { DEFAULT_RERANK_MODEL, DEFAULT_TOP_K, DEFAULT_TOP_N, searchIndex } from './search-index.js';
export type { Retrieval, SearchHit, SearchOptions, SearchResult } from './search-index.js';
export { DEFAULT_ANSWER_MODEL, streamAnswer } from './stream-answer.js';
export type { AnswerEvent, AnswerResult, AnswerSearch, AnswerSource, RetrievedSource, StreamAnswerOptions } from './stream-answer.js';
export type { TokenCounter } from './token-counter.js';
export { describeVectorSet, sameVectorSet, vectorSetId } from './vector-set.js';
export type { VectorSet } from './vector-set.js';
export { evaluateRetrieval } from './evaluate-retrieval.js';
export type { EvaluateRetrievalOptions, QuestionRank, RetrievalEvaluation, RetrievalQuestion, RetrievedItem } from './evaluate-retrieval.js';
export { readQuestionSet } from './read-question-set.js';
export type { DroppedQuestion, EvidencedQuestion, QuestionSetReading } from './read-question-set.js';
