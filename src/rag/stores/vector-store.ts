import type { VectorSet } from '../vector-set.js';

/** A chunk as stored in the index: the text and where it came from, plus its content key. */
export interface StoredChunk {
  /** Content key of the embedded text `heading + "\n\n" + text` (see `chunkTextKey`); vectors are stored per set under it. */
  key: string;
  heading: string;
  ordinal: number;
  text: string;
  /** Tokens of the embedded text (Qwen BPE). */
  tokens: number;
}

/**
 * One indexed file: its hash and its chunks, shared by every vector set. Written as soon as the file is
 * chunked, so a scan interrupted by Ctrl-C keeps the files it finished; which chunks still lack a vector
 * in a given set is read from the vectors themselves.
 */
export interface IndexedFile {
  /** Path relative to the indexed folder, `/`-separated. */
  file: string;
  /** SHA-256 (hex) of the file's bytes when it was chunked. */
  hash: string;
  chunks: StoredChunk[];
}

/** What the index was last built from and with. `complete` is false while an `index` run is under way or was interrupted. */
export interface IndexMeta {
  /** Absolute path of the indexed folder. */
  root: string;
  /** The vector set of the last run (see {@link VectorSet}). */
  set: VectorSet;
  complete: boolean;
  /** ISO 8601 time of the last completed run. */
  updatedAt: string;
}

/**
 * A sparse vector as DashScope returns it (`output.embeddings[].sparse_embedding[]`, text-embedding-v3/v4
 * with `output_type: 'dense&sparse'`): vocabulary index → weight, sorted by `index`.
 *
 * @see https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export interface SparseVector {
  indices: readonly number[];
  values: readonly number[];
}

/**
 * One chunk's vectors in one {@link VectorSet}, keyed by the chunk's content key (`chunkTextKey`). Every
 * store keeps dense components as float32 (pgvector's `vector` type; the embedded store too, half the
 * bytes of float64; a cosine moves by about 1e-7).
 */
export interface StoredVector {
  key: string;
  /** Dense vector of the set's dimension. */
  dense: ArrayLike<number>;
  /** Sparse vector, when the set was embedded with `output_type: 'dense&sparse'`. */
  sparse?: SparseVector | undefined;
}

/**
 * A search candidate: a chunk key and its score. Dense scores are cosine similarity in [-1, 1]; sparse
 * scores are the inner product of the sparse vectors (≥ 0).
 */
export interface VectorHit {
  key: string;
  score: number;
}

/** Where a chunk key appears: the first file (by path) and position holding that text. */
export type LocatedChunk = StoredChunk & { file: string };

/**
 * What the RAG pipeline keeps: file records (hash + chunk texts, for change detection) shared by every
 * vector set, and per {@link VectorSet} (source, model, dimension) one dense and optionally one sparse
 * vector per distinct chunk text. Implementations: the embedded store (no server) and PostgreSQL +
 * pgvector; both pass the same contract tests.
 *
 * Guarantees every implementation keeps: `putFiles` and `putVectors` are each all-or-nothing (a crash or
 * Ctrl-C leaves a batch wholly stored or absent); vectors are keyed by set and content, so an unchanged
 * text is never embedded twice by the same set; `search*` only return keys that have a vector in the set.
 */
export interface VectorStore {
  /** Where the store lives, for messages: a folder, or a connection URL without its password. */
  readonly location: string;
  getMeta(): Promise<IndexMeta | undefined>;
  setMeta(meta: IndexMeta): Promise<void>;
  /** Every indexed file, ordered by path. */
  listFiles(): Promise<IndexedFile[]>;
  getFile(file: string): Promise<IndexedFile | undefined>;
  /** Stores or replaces file records in one transaction. */
  putFiles(records: readonly IndexedFile[]): Promise<void>;
  /** Forgets files; their vectors stay until {@link VectorStore.sweepVectors}. */
  removeFiles(files: readonly string[]): Promise<void>;
  /** Every vector set that ever stored a vector here. */
  listSets(): Promise<VectorSet[]>;
  /** Which of `keys` already have a vector in `set`. */
  hasVectors(set: VectorSet, keys: readonly string[]): Promise<Set<string>>;
  /** Stores vectors of one set in one transaction. @throws RangeError for a dense vector not of `set.dimension`. */
  putVectors(set: VectorSet, vectors: readonly StoredVector[]): Promise<void>;
  /** Whether `set` holds sparse vectors (it was embedded with `dense&sparse`). */
  hasSparse(set: VectorSet): Promise<boolean>;
  /** The `k` chunk keys of `set` nearest `query` by cosine similarity, best first (approximate in ANN stores). */
  searchDense(set: VectorSet, query: ArrayLike<number>, k: number): Promise<VectorHit[]>;
  /** The `k` chunk keys of `set` with the largest sparse inner product with `query`, best first. */
  searchSparse(set: VectorSet, query: SparseVector, k: number): Promise<VectorHit[]>;
  /** The chunk records of `keys` (first file by path holding each), in the order asked; unknown keys are left out. */
  locateChunks(keys: readonly string[]): Promise<LocatedChunk[]>;
  /** Deletes, in every set, the vectors whose key is not in `live`. @returns how many were deleted. */
  sweepVectors(live: ReadonlySet<string>): Promise<number>;
  /** Number of stored vectors in `set`, or in every set when omitted. */
  vectorCount(set?: VectorSet): Promise<number>;
  /**
   * Waits for pending writes and releases the store. `clean: false` says the caller saw the store fail
   * (e.g. an lmdb `MDB_CORRUPTED`): a store that records clean closes (the embedded one, to skip its
   * damage probe on the next open) must not record this one. Other stores ignore it.
   */
  close(options?: { clean?: boolean }): Promise<void>;
}
