import { mkdirSync } from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import { LocalFileError } from '../cli-errors.js';

/** A chunk as stored in the index: the text and where it came from, plus the key of its vector. */
export interface StoredChunk {
  /** Key of the vector in the store: a hash of model, dimension, text type and `embedText`. */
  id: string;
  heading: string;
  ordinal: number;
  text: string;
  /** Tokens of the embedded text (Qwen BPE). */
  tokens: number;
}

/** One indexed file. Written only once every chunk of the file has its vector stored. */
export interface IndexedFile {
  /** Path relative to the indexed folder, `/`-separated. */
  file: string;
  /** SHA-256 (hex) of the file's bytes when it was indexed. */
  hash: string;
  /** Who computed the vectors: the DashScope origin, or `builtin-emulator` offline. */
  source: string;
  /** Embedding model and dimension the chunks were embedded with. */
  model: string;
  dimension: number;
  chunks: StoredChunk[];
}

/** What the index was last built from and with. `complete` is false while an `index` run is under way or was interrupted. */
export interface IndexMeta {
  /** Absolute path of the indexed folder. */
  root: string;
  /** Who computed the vectors (see {@link IndexedFile.source}). */
  source: string;
  model: string;
  dimension: number;
  complete: boolean;
  /** ISO 8601 time of the last completed run. */
  updatedAt: string;
}

const FORMAT = 1;

function toBytes(vector: readonly number[]): Buffer {
  return Buffer.from(Float64Array.from(vector).buffer);
}

/**
 * The on-disk RAG index: an lmdb environment (a real embedded database with transactions, safe across
 * processes) in one folder, e.g. `.dashscope-kit/index`. Three named databases:
 * `files` (path → {@link IndexedFile}: content hash, model, dimension, chunk texts), `vectors`
 * (chunk id → the vector as little-endian Float64 bytes, read back bit-identical) and `meta`
 * ({@link IndexMeta}). Vectors are keyed by content, so an unchanged chunk is never embedded twice,
 * even after its file changed or a run was interrupted.
 */
export class IndexStore {
  /** Folder of the lmdb environment. */
  readonly path: string;
  readonly #root: RootDatabase;
  readonly #files: Database<IndexedFile, string>;
  readonly #vectors: Database<Buffer, string>;
  readonly #meta: Database<IndexMeta | number, string>;

  private constructor(path: string, root: RootDatabase) {
    this.path = path;
    this.#root = root;
    this.#files = root.openDB<IndexedFile, string>({ name: 'files' });
    this.#vectors = root.openDB<Buffer, string>({ name: 'vectors', encoding: 'binary' });
    this.#meta = root.openDB<IndexMeta | number, string>({ name: 'meta' });
  }

  /**
   * Opens (creating if needed) the store in `path`.
   * @throws LocalFileError when the folder cannot be created or is not an index of this format.
   */
  static open(path: string): IndexStore {
    let store: IndexStore;
    try {
      mkdirSync(path, { recursive: true });
      store = new IndexStore(path, open({ path, compression: false, maxDbs: 8 }));
    } catch (error) {
      throw new LocalFileError(`Cannot open the index at ${path}: ${(error as Error).message}`, 'Pass another folder with --index <dir>.');
    }
    const format = store.#meta.get('format');
    if (format === undefined) store.#meta.putSync('format', FORMAT);
    else if (format !== FORMAT) {
      void store.close();
      throw new LocalFileError(`The index at ${path} has format ${String(format)}, expected ${FORMAT}.`, `Delete ${path} and run index again.`);
    }
    return store;
  }

  /** The last recorded {@link IndexMeta}, or `undefined` for a new store. */
  getMeta(): IndexMeta | undefined {
    const meta = this.#meta.get('meta');
    return typeof meta === 'object' ? meta : undefined;
  }

  /** Records {@link IndexMeta} (committed when the promise resolves). */
  async setMeta(meta: IndexMeta): Promise<void> {
    await this.#meta.put('meta', meta);
  }

  /** Every indexed file, ordered by path. */
  listFiles(): IndexedFile[] {
    return [...this.#files.getRange()].map((entry) => entry.value);
  }

  /** Whether the vector for a chunk id is stored. */
  hasVector(id: string): boolean {
    return this.#vectors.doesExist(id);
  }

  /** The stored vector for a chunk id, copied into a fresh array, or `undefined`. */
  getVector(id: string): Float64Array | undefined {
    const bytes = this.#vectors.getBinary(id);
    return bytes ? new Float64Array(Uint8Array.from(bytes).buffer) : undefined;
  }

  /**
   * Stores vectors and the records of files that are now complete, in one transaction: after a crash
   * or Ctrl-C either all of a batch is there or none of it.
   */
  async commitBatch(vectors: ReadonlyArray<readonly [string, readonly number[]]>, completedFiles: readonly IndexedFile[] = []): Promise<void> {
    await this.#root.transaction(() => {
      for (const [id, vector] of vectors) void this.#vectors.put(id, toBytes(vector));
      for (const record of completedFiles) void this.#files.put(record.file, record);
    });
  }

  /** Forgets files (their vectors stay until {@link IndexStore.sweepVectors}). */
  async removeFiles(files: readonly string[]): Promise<void> {
    await this.#root.transaction(() => {
      for (const file of files) void this.#files.remove(file);
    });
  }

  /** Deletes every vector whose id is not in `live`. @returns how many were deleted. */
  async sweepVectors(live: ReadonlySet<string>): Promise<number> {
    const dead = [...this.#vectors.getKeys()].filter((id) => !live.has(id));
    if (dead.length > 0) {
      await this.#root.transaction(() => {
        for (const id of dead) void this.#vectors.remove(id);
      });
    }
    return dead.length;
  }

  /** Number of stored vectors. */
  vectorCount(): number {
    return this.#vectors.getKeysCount();
  }

  /** Waits for pending writes and closes the environment. */
  async close(): Promise<void> {
    await this.#root.close();
  }
}
