import { open, type Database, type RootDatabase } from 'lmdb';
import { LocalFileError } from '../local-file-error.js';
import { writeCleanCloseMarker } from './clean-close-marker.js';
import { vectorSetId, type VectorSet } from '../vector-set.js';
import { makeFolderSync } from './make-folder-sync.js';
import { DenseMatrix } from './dense-matrix.js';
import { TopK } from './top-k.js';
import type { IndexedFile, IndexMeta, LocatedChunk, SparseVector, StoredVector, VectorHit, VectorStore } from './vector-store.js';

/** Version of the store layout; 1 kept one vector set per index, 2 kept float64 vectors and no sparse ones. */
export const INDEX_STORE_FORMAT = 3;

/** The store was written by an older dashscope-kit (an older {@link INDEX_STORE_FORMAT}); its contents can be rebuilt from the docs. */
export class OlderIndexFormatError extends LocalFileError {
  override name = 'OlderIndexFormatError';
  /** The format found. */
  readonly format: number;
  constructor(path: string, format: number) {
    super(`The index at ${path} has format ${format}, this dashscope-kit reads format ${INDEX_STORE_FORMAT}.`, 'Rerun with --rebuild to index the folder again.');
    this.format = format;
  }
}

interface SetRecord extends VectorSet {
  sparse?: boolean;
  /** Bumped by every write to the set's vectors (in this or another process), so a cached matrix knows it is stale. */
  generation?: number;
}

function denseBytes(vector: ArrayLike<number>): Buffer {
  return Buffer.from(Float32Array.from(vector).buffer);
}

/** Sparse layout: entry count n (uint32), n indices (uint32), n weights (float32), little-endian. */
function sparseBytes(vector: SparseVector): Buffer {
  const count = vector.indices.length;
  const bytes = Buffer.alloc(4 + count * 8);
  bytes.writeUInt32LE(count, 0);
  for (let position = 0; position < count; position++) {
    bytes.writeUInt32LE(vector.indices[position] as number, 4 + position * 4);
    bytes.writeFloatLE(vector.values[position] as number, 4 + count * 4 + position * 4);
  }
  return bytes;
}

function sparseDot(bytes: Uint8Array, query: ReadonlyMap<number, number>): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(0, true);
  let dot = 0;
  for (let position = 0; position < count; position++) {
    const weight = query.get(view.getUint32(4 + position * 4, true));
    if (weight !== undefined) dot += weight * view.getFloat32(4 + count * 4 + position * 4, true);
  }
  return dot;
}

function vectorKey(set: VectorSet | string, key: string): string {
  return `${typeof set === 'string' ? set : vectorSetId(set)}:${key}`;
}

/** `lmdb` key range holding every key that starts with `prefix`. */
function prefixRange(prefix: string): { start: string; end: string } {
  return { start: prefix, end: `${prefix}\uffff` };
}

/**
 * The embedded vector store (no server): an lmdb environment (a real embedded database with transactions,
 * safe across processes) in one folder, e.g. `.dashscope-kit/index`. Named databases: `files` (path →
 * {@link IndexedFile}), `located` (`<chunk key>:<path>` → ordinal, to find a chunk's first file without
 * reading every file), `vectors` (`<set id>:<chunk key>` → float32 little-endian bytes), `sparse` (same key →
 * count, uint32 indices, float32 weights), `sets` (set id → {@link VectorSet}) and `meta`.
 *
 * Search is exact. {@link LmdbVectorStore.searchDense} scans a {@link DenseMatrix} of the set, read from lmdb on
 * the first search and kept in RAM (4 × dimension bytes per vector) until a write to the set (by any process:
 * each write bumps the set's generation) makes it stale; {@link LmdbVectorStore.searchSparse} reads every
 * sparse vector of the set and keeps the best `k` by inner product.
 */
export class LmdbVectorStore implements VectorStore {
  /** Folder of the lmdb environment. */
  readonly location: string;
  readonly #root: RootDatabase;
  readonly #files: Database<IndexedFile, string>;
  readonly #located: Database<number, string>;
  readonly #vectors: Database<Buffer, string>;
  readonly #sparse: Database<Buffer, string>;
  readonly #sets: Database<SetRecord, string>;
  readonly #meta: Database<IndexMeta | number, string>;
  readonly #matrices = new Map<string, { generation: number; matrix: DenseMatrix }>();

  private constructor(path: string, root: RootDatabase) {
    this.location = path;
    this.#root = root;
    this.#files = root.openDB<IndexedFile, string>({ name: 'files' });
    this.#located = root.openDB<number, string>({ name: 'located' });
    this.#vectors = root.openDB<Buffer, string>({ name: 'vectors', encoding: 'binary' });
    this.#sparse = root.openDB<Buffer, string>({ name: 'sparse', encoding: 'binary' });
    this.#sets = root.openDB<SetRecord, string>({ name: 'sets' });
    this.#meta = root.openDB<IndexMeta | number, string>({ name: 'meta' });
  }

  /**
   * Opens (creating if needed) the store in `path`. Does not check the file for damage (lmdb may crash the
   * process on a corrupted file): open it through `openLmdbVectorStore`, which does.
   * @throws OlderIndexFormatError for a store of an older format; LocalFileError when the folder cannot be
   *   created, is not an lmdb store, or holds a newer format.
   */
  static open(path: string): LmdbVectorStore {
    let store: LmdbVectorStore;
    try {
      makeFolderSync(path);
    } catch (error) {
      throw new LocalFileError(`Cannot create the index folder ${path}: ${(error as Error).message}`, 'Pass a folder you can write to with --index <dir>.');
    }
    try {
      store = new LmdbVectorStore(path, open({ path, compression: false, maxDbs: 10 }));
    } catch (error) {
      throw new LocalFileError(`Cannot open the index at ${path}: ${(error as Error).message}`, `Rerun with --rebuild to start it again, or pass another folder with --index <dir>.`);
    }
    const format = store.#meta.get('format');
    if (format === undefined) store.#meta.putSync('format', INDEX_STORE_FORMAT);
    else if (typeof format === 'number' && format < INDEX_STORE_FORMAT) {
      void store.#root.close();
      throw new OlderIndexFormatError(path, format);
    } else if (format !== INDEX_STORE_FORMAT) {
      void store.#root.close();
      throw new LocalFileError(
        `The index at ${path} has format ${String(format)}, this dashscope-kit reads format ${INDEX_STORE_FORMAT}.`,
        'Rerun with --rebuild to index the folder again.',
      );
    }
    return store;
  }

  async getMeta(): Promise<IndexMeta | undefined> {
    const meta = this.#meta.get('meta');
    return typeof meta === 'object' ? meta : undefined;
  }

  async setMeta(meta: IndexMeta): Promise<void> {
    await this.#meta.put('meta', meta);
  }

  async listFiles(): Promise<IndexedFile[]> {
    return [...this.#files.getRange()].map((entry) => entry.value);
  }

  async getFile(file: string): Promise<IndexedFile | undefined> {
    return this.#files.get(file);
  }

  async putFiles(records: readonly IndexedFile[]): Promise<void> {
    if (records.length === 0) return;
    await this.#root.transaction(() => {
      for (const record of records) {
        this.#forget(record.file);
        void this.#files.put(record.file, record);
        for (const [position, chunk] of record.chunks.entries()) void this.#located.put(`${chunk.key}:${record.file}`, position);
      }
    });
  }

  async removeFiles(files: readonly string[]): Promise<void> {
    if (files.length === 0) return;
    await this.#root.transaction(() => {
      for (const file of files) this.#forget(file);
    });
  }

  /** Inside a transaction: drops a file record and its `located` entries. */
  #forget(file: string): void {
    const known = this.#files.get(file);
    if (!known) return;
    for (const chunk of known.chunks) void this.#located.remove(`${chunk.key}:${file}`);
    void this.#files.remove(file);
  }

  async listSets(): Promise<VectorSet[]> {
    return [...this.#sets.getRange()].map(({ value }) => ({ source: value.source, model: value.model, dimension: value.dimension }));
  }

  async hasVectors(set: VectorSet, keys: readonly string[]): Promise<Set<string>> {
    const id = vectorSetId(set);
    return new Set(keys.filter((key) => this.#vectors.doesExist(vectorKey(id, key))));
  }

  async putVectors(set: VectorSet, vectors: readonly StoredVector[]): Promise<void> {
    for (const vector of vectors) {
      if (vector.dense.length !== set.dimension) throw new RangeError(`The vector of ${vector.key} has ${vector.dense.length} dimensions, the set ${set.dimension}.`);
    }
    const id = vectorSetId(set);
    const sparse = vectors.some((vector) => vector.sparse !== undefined);
    await this.#root.transaction(() => {
      const known = this.#sets.get(id);
      void this.#sets.put(id, { source: set.source, model: set.model, dimension: set.dimension, sparse: sparse || known?.sparse === true, generation: (known?.generation ?? 0) + 1 });
      for (const vector of vectors) {
        void this.#vectors.put(vectorKey(id, vector.key), denseBytes(vector.dense));
        if (vector.sparse) void this.#sparse.put(vectorKey(id, vector.key), sparseBytes(vector.sparse));
      }
    });
  }

  async hasSparse(set: VectorSet): Promise<boolean> {
    return this.#sets.get(vectorSetId(set))?.sparse === true;
  }

  /**
   * Exact: every vector of the set is scored, from the set's matrix in RAM (built on the first search, rebuilt
   * after a write to the set). @throws RangeError when `query` is not of `set.dimension`.
   */
  async searchDense(set: VectorSet, query: ArrayLike<number>, k: number): Promise<VectorHit[]> {
    if (query.length !== set.dimension) throw new RangeError(`The query has ${query.length} dimensions, the set ${set.dimension}.`);
    return this.#matrixOf(set).search(query, k);
  }

  #matrixOf(set: VectorSet): DenseMatrix {
    const id = vectorSetId(set);
    const prefix = `${id}:`;
    const generationOf = (): number => this.#sets.get(id)?.generation ?? 0;
    for (;;) {
      const generation = generationOf();
      const cached = this.#matrices.get(id);
      if (cached?.generation === generation) return cached.matrix;
      const matrix = new DenseMatrix(set.dimension, this.#vectors.getKeysCount(prefixRange(prefix)));
      let row = 0;
      for (const { key, value } of this.#vectors.getRange(prefixRange(prefix))) {
        if (row === matrix.keys.length) break;
        matrix.set(row++, key.slice(prefix.length), value);
      }
      // Another process wrote to the set while it was read: read it again (optimistic, no write lock taken).
      if (row !== matrix.keys.length || generationOf() !== generation) continue;
      this.#matrices.set(id, { generation, matrix });
      return matrix;
    }
  }

  /** Exact: every sparse vector of the set is scored; keys with no shared index score 0 and are left out. */
  async searchSparse(set: VectorSet, query: SparseVector, k: number): Promise<VectorHit[]> {
    const weights = new Map(query.indices.map((index, position) => [index, query.values[position] as number]));
    const prefix = `${vectorSetId(set)}:`;
    const best = new TopK(k);
    for (const { key, value } of this.#sparse.getRange(prefixRange(prefix))) {
      const score = sparseDot(value, weights);
      if (score > 0) best.offer(key.slice(prefix.length), score);
    }
    return best.hits();
  }

  async locateChunks(keys: readonly string[]): Promise<LocatedChunk[]> {
    const found: LocatedChunk[] = [];
    for (const key of keys) {
      for (const { key: entry, value: position } of this.#located.getRange({ ...prefixRange(`${key}:`), limit: 1 })) {
        const file = entry.slice(key.length + 1);
        const chunk = this.#files.get(file)?.chunks[position];
        if (chunk) found.push({ ...chunk, file });
      }
    }
    return found;
  }

  async sweepVectors(live: ReadonlySet<string>): Promise<number> {
    const isDead = (id: string): boolean => !live.has(id.slice(id.indexOf(':') + 1));
    const dead = [...this.#vectors.getKeys()].filter(isDead);
    const deadSparse = [...this.#sparse.getKeys()].filter(isDead);
    if (dead.length > 0 || deadSparse.length > 0) {
      const touched = new Set([...dead, ...deadSparse].map((id) => id.slice(0, id.indexOf(':'))));
      await this.#root.transaction(() => {
        for (const id of dead) void this.#vectors.remove(id);
        for (const id of deadSparse) void this.#sparse.remove(id);
        for (const id of touched) {
          const known = this.#sets.get(id);
          if (known) void this.#sets.put(id, { ...known, generation: (known.generation ?? 0) + 1 });
        }
      });
    }
    return dead.length;
  }

  async vectorCount(set?: VectorSet): Promise<number> {
    if (!set) return this.#vectors.getKeysCount();
    return this.#vectors.getKeysCount(prefixRange(`${vectorSetId(set)}:`));
  }

  /**
   * Waits for pending writes, closes the environment and records the clean close (see
   * `writeCleanCloseMarker`) unless `clean` is false (the store reported damage: the next open must probe it).
   */
  async close(options: { clean?: boolean } = {}): Promise<void> {
    await this.#root.close();
    if (options.clean !== false) writeCleanCloseMarker(this.location);
  }
}
