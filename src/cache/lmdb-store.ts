import type { RootDatabase } from 'lmdb';
import { decodeStoredEmbedding, encodeStoredEmbedding } from './embedding-codec.js';
import { EmbeddingCacheError } from './errors.js';
import type { EmbeddingStore, StoredEmbedding } from './embedding-store.js';

/** Options of {@link LmdbEmbeddingStore.open}. */
export interface LmdbEmbeddingStoreOptions {
  /**
   * Directory holding the database (`data.mdb` + `lock.mdb`); created if missing. Several
   * processes may open the same directory at once (LMDB's own locking).
   */
  path: string;
  /**
   * Initial memory-map size in bytes; LMDB grows it on demand. Leave unset unless you know the
   * final size (rough guide: 8 × dimension + key + ~100 bytes per entry, ≈ 8.5 KB at 1,024 dims).
   */
  mapSize?: number;
  /**
   * Skip fsync on commit: much faster bulk writes, but a machine crash (not a process crash) can
   * lose or corrupt the latest commits. Default `false`.
   */
  noSync?: boolean;
}

/**
 * Persistent, embedded {@link EmbeddingStore} on LMDB (the `lmdb` package; Node only). One
 * memory-mapped B+tree file: reads are zero-copy page lookups, each `setMany` is one write
 * transaction (copy-on-write pages, so updates never rewrite the file and a crash leaves the last
 * committed state). Values use the binary record of `encodeStoredEmbedding`: Float64 components
 * (read back bit-identical, including `-0` and subnormals) with the model and dimension stored
 * alongside. Keys are stored as given (hashes from `buildEmbeddingCacheKey`); no text and no
 * credentials are written.
 *
 * The `lmdb` native module is loaded by {@link LmdbEmbeddingStore.open} with a dynamic import,
 * so importing `dashscope-kit/cache` does not require it.
 *
 * Measured with 1,024-dim vectors on a 2-core Linux VM (Node 20, ext4, other jobs loading both
 * cores, so treat as lower bounds): writes 1,100–3,300 vectors/s in `setMany` batches of 10 (one
 * fsync'd commit each) and 5,400–7,600 vectors/s in batches of 1,000; reads 15,000–43,000
 * vectors/s via `getMany`. A 1,024-dim record is 8.2 KB but occupies ≈ 12.8 KB of `data.mdb`,
 * because LMDB stores values larger than a page in whole 4 KB overflow pages.
 *
 * Sparse vectors keep their `token` strings, which are vocabulary pieces of the embedded text;
 * dense-only entries hold nothing readable about the text.
 */
export class LmdbEmbeddingStore implements EmbeddingStore {
  readonly #db: RootDatabase<Uint8Array, string>;
  #closing: Promise<void> | undefined;

  private constructor(db: RootDatabase<Uint8Array, string>) {
    this.#db = db;
  }

  /**
   * Opens (creating if needed) the store in `options.path`.
   *
   * @param options `{ path, mapSize?, noSync? }` (see {@link LmdbEmbeddingStoreOptions}).
   * @returns the open store; call `close()` when done.
   * @throws {TypeError} when `path` is not a non-empty string.
   * @throws whatever `lmdb` throws when the directory cannot be opened or the native module is missing.
   */
  static async open(options: LmdbEmbeddingStoreOptions): Promise<LmdbEmbeddingStore> {
    if (typeof options?.path !== 'string' || options.path === '') {
      throw new TypeError('LmdbEmbeddingStore.open: path must be a non-empty string');
    }
    const { open } = await import('lmdb');
    const db = open<Uint8Array, string>({
      path: options.path,
      encoding: 'binary',
      compression: false,
      ...(options.mapSize === undefined ? {} : { mapSize: options.mapSize }),
      ...(options.noSync === undefined ? {} : { noSync: options.noSync }),
    });
    return new LmdbEmbeddingStore(db);
  }

  /**
   * {@inheritDoc EmbeddingStore.getMany}
   * @throws {CorruptEmbeddingRecordError} when a stored record cannot be decoded.
   * @throws {EmbeddingCacheError} after `close()`.
   */
  async getMany(keys: string[]): Promise<(StoredEmbedding | undefined)[]> {
    this.#assertOpen();
    if (keys.length === 0) return [];
    const values = await this.#db.getMany(keys);
    return values.map((value) => (value === undefined ? undefined : decodeStoredEmbedding(value)));
  }

  /**
   * Writes all entries in one LMDB transaction (all or nothing). Every entry is encoded before
   * the transaction starts, so an unencodable entry writes nothing.
   * @throws {InvalidEmbeddingInputError} when an entry does not fit the record format.
   * @throws {EmbeddingCacheError} after `close()`.
   */
  async setMany(entries: Array<[string, StoredEmbedding]>): Promise<void> {
    this.#assertOpen();
    if (entries.length === 0) return;
    const encoded = entries.map(([key, value]): [string, Uint8Array] => [key, encodeStoredEmbedding(value)]);
    const db = this.#db;
    await db.transaction(() => {
      for (const [key, bytes] of encoded) db.putSync(key, bytes);
    });
  }

  /** Waits for pending commits and closes the database. Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#db.close();
    return this.#closing;
  }

  #assertOpen(): void {
    if (this.#closing) throw new EmbeddingCacheError('LmdbEmbeddingStore is closed');
  }
}
