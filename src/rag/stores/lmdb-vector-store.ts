import { open, type Database, type RootDatabase } from 'lmdb';
import { LocalFileError } from './local-file-error.js';
import { writeCleanCloseMarker } from './clean-close-marker.js';
import { vectorSetId, type VectorSet } from './vector-set.js';
import { makeFolderSync } from './make-folder-sync.js';

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

/** Version of the store layout; 1 kept one vector set per index. */
export const INDEX_STORE_FORMAT = 2;

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

function toBytes(vector: readonly number[]): Buffer {
  return Buffer.from(Float64Array.from(vector).buffer);
}

function vectorKey(set: VectorSet | string, key: string): string {
  return `${typeof set === 'string' ? set : vectorSetId(set)}:${key}`;
}

/**
 * The on-disk RAG index: an lmdb environment (a real embedded database with transactions, safe across
 * processes) in one folder, e.g. `.dashscope-kit/index`. Named databases: `files` (path →
 * {@link IndexedFile}: content hash and chunk texts), `vectors` (`<set id>:<chunk key>` → the vector as
 * little-endian Float64 bytes, read back bit-identical), `sets` (set id → {@link VectorSet}) and `meta`
 * ({@link IndexMeta}). Vectors are keyed by set and content, so an unchanged chunk is never embedded twice
 * by the same model, even after its file changed, a run was interrupted, or another model was used in between.
 */
export class IndexStore {
  /** Folder of the lmdb environment. */
  readonly path: string;
  readonly #root: RootDatabase;
  readonly #files: Database<IndexedFile, string>;
  readonly #vectors: Database<Buffer, string>;
  readonly #sets: Database<VectorSet, string>;
  readonly #meta: Database<IndexMeta | number, string>;

  private constructor(path: string, root: RootDatabase) {
    this.path = path;
    this.#root = root;
    this.#files = root.openDB<IndexedFile, string>({ name: 'files' });
    this.#vectors = root.openDB<Buffer, string>({ name: 'vectors', encoding: 'binary' });
    this.#sets = root.openDB<VectorSet, string>({ name: 'sets' });
    this.#meta = root.openDB<IndexMeta | number, string>({ name: 'meta' });
  }

  /**
   * Opens (creating if needed) the store in `path`. Does not check the file for damage (lmdb may crash the
   * process on a corrupted file): the CLI opens it through `openIndexStore`, which does.
   * @throws OlderIndexFormatError for a store of an older format; LocalFileError when the folder cannot be
   *   created, is not an lmdb store, or holds a newer format.
   */
  static open(path: string): IndexStore {
    let store: IndexStore;
    try {
      makeFolderSync(path);
    } catch (error) {
      throw new LocalFileError(`Cannot create the index folder ${path}: ${(error as Error).message}`, 'Pass a folder you can write to with --index <dir>.');
    }
    try {
      store = new IndexStore(path, open({ path, compression: false, maxDbs: 8 }));
    } catch (error) {
      throw new LocalFileError(`Cannot open the index at ${path}: ${(error as Error).message}`, `Rerun with --rebuild to start it again, or pass another folder with --index <dir>.`);
    }
    const format = store.#meta.get('format');
    if (format === undefined) store.#meta.putSync('format', INDEX_STORE_FORMAT);
    else if (typeof format === 'number' && format < INDEX_STORE_FORMAT) {
      void store.close();
      throw new OlderIndexFormatError(path, format);
    } else if (format !== INDEX_STORE_FORMAT) {
      void store.close();
      throw new LocalFileError(
        `The index at ${path} has format ${String(format)}, this dashscope-kit reads format ${INDEX_STORE_FORMAT}.`,
        'Rerun with --rebuild to index the folder again.',
      );
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

  /** The record of one file, or `undefined`. */
  getFile(file: string): IndexedFile | undefined {
    return this.#files.get(file);
  }

  /** Stores (or replaces) file records; committed when the promise resolves. */
  async putFiles(records: readonly IndexedFile[]): Promise<void> {
    if (records.length === 0) return;
    await this.#root.transaction(() => {
      for (const record of records) void this.#files.put(record.file, record);
    });
  }

  /** Every vector set that ever stored a vector here. */
  listSets(): VectorSet[] {
    return [...this.#sets.getRange()].map((entry) => entry.value);
  }

  /** Whether `set` holds the vector of chunk `key`. */
  hasVector(set: VectorSet, key: string): boolean {
    return this.#vectors.doesExist(vectorKey(set, key));
  }

  /** The vector of chunk `key` in `set`, copied into a fresh array, or `undefined`. */
  getVector(set: VectorSet, key: string): Float64Array | undefined {
    const bytes = this.#vectors.getBinary(vectorKey(set, key));
    return bytes ? new Float64Array(Uint8Array.from(bytes).buffer) : undefined;
  }

  /**
   * Stores vectors of one set in one transaction: after a crash or Ctrl-C either all of a batch is
   * there or none of it.
   */
  async putVectors(set: VectorSet, vectors: ReadonlyArray<readonly [string, readonly number[]]>): Promise<void> {
    const id = vectorSetId(set);
    await this.#root.transaction(() => {
      if (!this.#sets.doesExist(id)) void this.#sets.put(id, { source: set.source, model: set.model, dimension: set.dimension });
      for (const [key, vector] of vectors) void this.#vectors.put(vectorKey(id, key), toBytes(vector));
    });
  }

  /** Forgets files (their vectors stay until {@link IndexStore.sweepVectors}). */
  async removeFiles(files: readonly string[]): Promise<void> {
    if (files.length === 0) return;
    await this.#root.transaction(() => {
      for (const file of files) void this.#files.remove(file);
    });
  }

  /** Deletes, in every set, the vectors whose chunk key is not in `live`. @returns how many were deleted. */
  async sweepVectors(live: ReadonlySet<string>): Promise<number> {
    const dead = [...this.#vectors.getKeys()].filter((id) => !live.has(id.slice(id.indexOf(':') + 1)));
    if (dead.length > 0) {
      await this.#root.transaction(() => {
        for (const id of dead) void this.#vectors.remove(id);
      });
    }
    return dead.length;
  }

  /** Number of stored vectors, in every set. */
  vectorCount(): number {
    return this.#vectors.getKeysCount();
  }

  /**
   * Waits for pending writes, closes the environment and records the clean close (see
   * `writeCleanCloseMarker`) unless `clean` is false (the store reported damage: the next open must probe it).
   */
  async close(options: { clean?: boolean } = {}): Promise<void> {
    await this.#root.close();
    if (options.clean !== false) writeCleanCloseMarker(this.path);
  }
}
