import { buildEmbeddingCacheKeys, type EmbeddingFingerprint } from './embedding-cache-key.js';
import { EmbeddingCacheError, EmbeddingMismatchError, InvalidEmbeddingInputError } from './errors.js';
import type { EmbeddingStore, SparseEmbeddingEntry, StoredEmbedding } from './embedding-store.js';
import { MemoryEmbeddingStore } from './memory-store.js';

/**
 * What `compute` returns for one text: either the dense vector itself, or the shape of a native
 * DashScope `output.embeddings[]` item (`embedding`, `sparse_embedding`), optionally with the
 * `model` the response reported (OpenAI-compatible responses carry one). When `model` is given it
 * must equal the fingerprint's.
 */
export type EmbeddingComputeResult =
  | number[]
  | { embedding?: number[]; sparse_embedding?: SparseEmbeddingEntry[]; model?: string };

/**
 * Computes embeddings for the texts the cache does not hold, typically one DashScope
 * text-embedding request (at most 10 texts per request for v3/v4, 25 for v1/v2; batch larger
 * inputs yourself). Must return exactly one result per text, in the same order (match DashScope
 * results by `text_index`, not array position). Never receives an empty array.
 */
export type EmbeddingCompute = (missingTexts: string[]) => Promise<ReadonlyArray<EmbeddingComputeResult>>;

/** Counters of an {@link EmbeddingCache}, cumulative since construction or `resetStats()`. */
export interface EmbeddingCacheStats {
  /** Distinct keys (per call) served from the store. */
  hits: number;
  /** Distinct keys (per call) that had to be computed. */
  misses: number;
  /** Distinct keys (per call) that joined another call's in-flight lookup/compute instead. */
  coalesced: number;
  /** Invocations of a `compute` callback. */
  computeCalls: number;
}

/** Options of {@link EmbeddingCache}. */
export interface EmbeddingCacheOptions {
  /** Where vectors live. Default: a `MemoryEmbeddingStore` with its default limits. */
  store?: EmbeddingStore;
}

interface Deferred {
  promise: Promise<StoredEmbedding>;
  resolve: (value: StoredEmbedding) => void;
  reject: (error: unknown) => void;
}

function deferred(): Deferred {
  let resolve!: Deferred['resolve'];
  let reject!: Deferred['reject'];
  const promise = new Promise<StoredEmbedding>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function cloneStored(value: StoredEmbedding): StoredEmbedding {
  const copy: StoredEmbedding = { model: value.model, dimension: value.dimension, embedding: value.embedding.slice() };
  if (value.sparse_embedding) copy.sparse_embedding = value.sparse_embedding.map((entry) => ({ ...entry }));
  return copy;
}

function verify(fingerprint: EmbeddingFingerprint, value: StoredEmbedding, source: 'store' | 'compute', key: string): void {
  const wantsDense = fingerprint.output_type !== 'sparse';
  const wantsSparse = fingerprint.output_type !== 'dense';
  const length = value.embedding.length;
  const denseOk = wantsDense ? length === fingerprint.dimension : length === 0 || length === fingerprint.dimension;
  const sparseOk = !wantsSparse || Array.isArray(value.sparse_embedding);
  if (value.model !== fingerprint.model || value.dimension !== fingerprint.dimension || !denseOk || !sparseOk) {
    throw new EmbeddingMismatchError(
      fingerprint,
      { model: value.model, dimension: value.dimension, length, has_sparse: Array.isArray(value.sparse_embedding) },
      source,
      key,
    );
  }
}

function fromComputeResult(fingerprint: EmbeddingFingerprint, result: EmbeddingComputeResult, index: number): StoredEmbedding {
  const item = Array.isArray(result) ? { embedding: result } : result;
  if (typeof item !== 'object' || item === null) {
    throw new EmbeddingCacheError(`compute result ${index} must be a number[] or an object with an embedding`);
  }
  const embedding = item.embedding ?? [];
  if (!Array.isArray(embedding) || !embedding.every((x) => typeof x === 'number')) {
    throw new EmbeddingCacheError(`compute result ${index}: embedding must be an array of numbers`);
  }
  const sparse = item.sparse_embedding;
  if (sparse !== undefined && !Array.isArray(sparse)) {
    throw new EmbeddingCacheError(`compute result ${index}: sparse_embedding must be an array`);
  }
  const stored: StoredEmbedding = {
    model: item.model ?? fingerprint.model,
    dimension: fingerprint.output_type === 'sparse' && embedding.length === 0 ? fingerprint.dimension : embedding.length,
    embedding: embedding.slice(),
  };
  if (sparse) stored.sparse_embedding = sparse.map((entry) => ({ ...entry }));
  return stored;
}

/**
 * Content-addressed cache in front of DashScope text embeddings.
 *
 * `embed(fingerprint, texts, compute)`:
 * 1. keys every text with `buildEmbeddingCacheKey` (model, dimension, text_type, output_type,
 *    instruct, SHA-256 of the text; never the API key);
 * 2. deduplicates identical texts within the call;
 * 3. joins keys another concurrent `embed` is already looking up or computing (one compute per
 *    key however many callers race for it);
 * 4. reads the remaining keys from the store in one `getMany`;
 * 5. calls `compute` once with the texts that missed, in first-occurrence order;
 * 6. writes the new vectors in one `setMany` and returns one vector per input text, in input order.
 *
 * Every vector read from the store or returned by `compute` is checked against the fingerprint
 * (model, dimension / dense length, presence of a sparse vector when requested); a mismatch throws
 * {@link EmbeddingMismatchError} instead of being served or stored. Returned objects are fresh
 * copies the caller may mutate.
 *
 * If the store lookup or `compute` fails (or a vector mismatches), the call rejects and so do the
 * calls that joined its keys; nothing is cached for those keys, so a retry recomputes them. If only
 * the final `setMany` fails, this call rejects but joined calls still receive their vectors.
 *
 * @see https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export class EmbeddingCache {
  /** The backing store. */
  readonly store: EmbeddingStore;
  readonly #inflight = new Map<string, Promise<StoredEmbedding>>();
  #stats: EmbeddingCacheStats = { hits: 0, misses: 0, coalesced: 0, computeCalls: 0 };

  /** @param options `{ store? }`; the default store is an in-memory LRU. */
  constructor(options: EmbeddingCacheOptions = {}) {
    this.store = options.store ?? new MemoryEmbeddingStore();
  }

  /** A snapshot of the hit/miss counters. */
  get stats(): EmbeddingCacheStats {
    return { ...this.#stats };
  }

  /** Sets every counter back to 0. */
  resetStats(): void {
    this.#stats = { hits: 0, misses: 0, coalesced: 0, computeCalls: 0 };
  }

  /**
   * Returns one embedding per text (in input order), computing only what the store lacks.
   *
   * @param fingerprint the request parameters every text is embedded with.
   * @param texts texts to embed; may contain duplicates; `[]` resolves to `[]` without I/O.
   * @param compute called at most once per call, with the distinct missing texts.
   * @returns `StoredEmbedding[]` aligned with `texts`.
   * @throws {InvalidEmbeddingInputError} on a malformed fingerprint, non-string text or missing
   *   `compute`, before any lookup.
   * @throws {EmbeddingMismatchError} when a stored or computed vector does not match `fingerprint`.
   * @throws {EmbeddingCacheError} when `compute` returns the wrong number or shape of results.
   * @throws whatever `compute` or the store throws.
   */
  async embed(fingerprint: EmbeddingFingerprint, texts: string[], compute: EmbeddingCompute): Promise<StoredEmbedding[]> {
    if (typeof compute !== 'function') throw new InvalidEmbeddingInputError('compute must be a function');
    const keys = await buildEmbeddingCacheKeys(fingerprint, texts);
    if (keys.length === 0) return [];

    const firstIndex = new Map<string, number>();
    keys.forEach((key, i) => {
      if (!firstIndex.has(key)) firstIndex.set(key, i);
    });

    const resolved = new Map<string, StoredEmbedding>();
    const joined: Array<[string, Promise<StoredEmbedding>]> = [];
    const owned: Array<{ key: string; text: string; deferred: Deferred }> = [];
    for (const [key, index] of firstIndex) {
      const pending = this.#inflight.get(key);
      if (pending) {
        joined.push([key, pending]);
        this.#stats.coalesced++;
        continue;
      }
      const entry = { key, text: texts[index]!, deferred: deferred() };
      this.#inflight.set(key, entry.deferred.promise);
      owned.push(entry);
    }

    try {
      if (owned.length > 0) await this.#lookupAndCompute(fingerprint, owned, resolved, compute);
    } catch (error) {
      for (const entry of owned) entry.deferred.reject(error);
      throw error;
    } finally {
      for (const entry of owned) {
        if (this.#inflight.get(entry.key) === entry.deferred.promise) this.#inflight.delete(entry.key);
      }
    }

    const joinedValues = await Promise.all(joined.map(([, promise]) => promise));
    joined.forEach(([key], i) => resolved.set(key, joinedValues[i]!));
    return keys.map((key) => cloneStored(resolved.get(key)!));
  }

  /** Closes the backing store (see `EmbeddingStore.close`). */
  close(): Promise<void> {
    return this.store.close();
  }

  async #lookupAndCompute(
    fingerprint: EmbeddingFingerprint,
    owned: Array<{ key: string; text: string; deferred: Deferred }>,
    resolved: Map<string, StoredEmbedding>,
    compute: EmbeddingCompute,
  ): Promise<void> {
    const found = await this.store.getMany(owned.map((entry) => entry.key));
    if (!Array.isArray(found) || found.length !== owned.length) {
      throw new EmbeddingCacheError('store.getMany returned a different number of entries than keys');
    }
    const missing: typeof owned = [];
    owned.forEach((entry, i) => {
      const hit = found[i];
      if (hit === undefined) {
        missing.push(entry);
        return;
      }
      verify(fingerprint, hit, 'store', entry.key);
      this.#stats.hits++;
      resolved.set(entry.key, hit);
      entry.deferred.resolve(hit);
    });
    if (missing.length === 0) return;

    this.#stats.misses += missing.length;
    this.#stats.computeCalls++;
    const results = await compute(missing.map((entry) => entry.text));
    if (!Array.isArray(results) || results.length !== missing.length) {
      throw new EmbeddingCacheError(
        `compute returned ${Array.isArray(results) ? results.length : 'a non-array'} results for ${missing.length} texts`,
      );
    }
    const entries = missing.map((entry, i): [string, StoredEmbedding] => {
      const stored = fromComputeResult(fingerprint, results[i]!, i);
      verify(fingerprint, stored, 'compute', entry.key);
      return [entry.key, stored];
    });
    entries.forEach(([key, stored], i) => {
      resolved.set(key, stored);
      missing[i]!.deferred.resolve(stored);
    });
    await this.store.setMany(entries.map(([key, stored]) => [key, cloneStored(stored)]));
  }
}
