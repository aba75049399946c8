import { EmbeddingCacheError } from './errors.js';
import type { EmbeddingStore, SparseEmbeddingEntry, StoredEmbedding } from './embedding-store.js';

/** Limits of a {@link MemoryEmbeddingStore}. */
export interface MemoryEmbeddingStoreOptions {
  /** Maximum number of entries kept (integer ≥ 1). Default 10,000 (~80 MB at 1,024 dims). */
  maxEntries?: number;
  /**
   * Optional cap on the approximate memory held, in bytes (integer ≥ 1): 8 bytes per dense
   * component, 16 per sparse entry plus 2 per token character, 2 per key/model character, plus a
   * 96-byte overhead per entry. An entry larger than the cap on its own is not stored.
   */
  maxBytes?: number;
}

interface Entry {
  model: string;
  dimension: number;
  embedding: Float64Array;
  sparse: SparseEmbeddingEntry[] | undefined;
  bytes: number;
}

const ENTRY_OVERHEAD_BYTES = 96;

function assertLimit(name: string, value: number | undefined): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
    throw new RangeError(`MemoryEmbeddingStore: ${name} must be a positive integer`);
  }
}

function copySparse(sparse: SparseEmbeddingEntry[] | undefined): SparseEmbeddingEntry[] | undefined {
  return sparse?.map((entry) => ({ ...entry }));
}

/**
 * In-process LRU {@link EmbeddingStore}, bounded by entry count and optionally by bytes. Reads
 * refresh recency; inserting beyond a limit evicts the least recently used entries. Vectors are
 * held as `Float64Array` copies (values round-trip exactly) and every read returns fresh arrays.
 * Works in any JavaScript runtime. Not shared between processes.
 */
export class MemoryEmbeddingStore implements EmbeddingStore {
  readonly #entries = new Map<string, Entry>();
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;
  #closed = false;

  /**
   * @param options `{ maxEntries?, maxBytes? }` (see {@link MemoryEmbeddingStoreOptions}).
   * @throws {RangeError} when a limit is not a positive integer.
   */
  constructor(options: MemoryEmbeddingStoreOptions = {}) {
    assertLimit('maxEntries', options.maxEntries);
    assertLimit('maxBytes', options.maxBytes);
    this.#maxEntries = options.maxEntries ?? 10_000;
    this.#maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY;
  }

  /** Number of entries currently held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Approximate bytes currently held (see {@link MemoryEmbeddingStoreOptions.maxBytes}). */
  get bytes(): number {
    return this.#bytes;
  }

  /** {@inheritDoc EmbeddingStore.getMany} */
  async getMany(keys: string[]): Promise<(StoredEmbedding | undefined)[]> {
    this.#assertOpen();
    return keys.map((key) => {
      const entry = this.#entries.get(key);
      if (!entry) return undefined;
      this.#entries.delete(key);
      this.#entries.set(key, entry);
      const embedding = new Array<number>(entry.embedding.length);
      for (let i = 0; i < embedding.length; i++) embedding[i] = entry.embedding[i]!;
      const stored: StoredEmbedding = { model: entry.model, dimension: entry.dimension, embedding };
      const sparse = copySparse(entry.sparse);
      if (sparse) stored.sparse_embedding = sparse;
      return stored;
    });
  }

  /** {@inheritDoc EmbeddingStore.setMany} */
  async setMany(entries: Array<[string, StoredEmbedding]>): Promise<void> {
    this.#assertOpen();
    for (const [key, value] of entries) {
      const sparse = copySparse(value.sparse_embedding);
      let bytes = ENTRY_OVERHEAD_BYTES + 2 * (key.length + value.model.length) + 8 * value.embedding.length;
      for (const entry of sparse ?? []) bytes += 16 + 2 * (entry.token?.length ?? 0);
      this.#delete(key);
      if (bytes > this.#maxBytes) continue;
      this.#entries.set(key, {
        model: value.model,
        dimension: value.dimension,
        embedding: new Float64Array(value.embedding),
        sparse,
        bytes,
      });
      this.#bytes += bytes;
      this.#evict();
    }
  }

  /** Drops every entry; later calls throw. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#entries.clear();
    this.#bytes = 0;
  }

  #delete(key: string): void {
    const existing = this.#entries.get(key);
    if (!existing) return;
    this.#entries.delete(key);
    this.#bytes -= existing.bytes;
  }

  #evict(): void {
    while (this.#entries.size > this.#maxEntries || this.#bytes > this.#maxBytes) {
      const oldest = this.#entries.keys().next();
      if (oldest.done) return;
      this.#delete(oldest.value);
    }
  }

  #assertOpen(): void {
    if (this.#closed) throw new EmbeddingCacheError('MemoryEmbeddingStore is closed');
  }
}
