import type { EmbeddingComputeResult } from '../cache/embedding-cache.js';
import { buildEmbeddingCacheKeys } from '../cache/embedding-cache-key.js';
import type { SparseEmbeddingEntry, StoredEmbedding } from '../cache/embedding-store.js';
import type { DashScope } from '../client.js';
import { APIUserAbortError, BadRequestError, InputValidationError } from '../core/errors.js';
import type { Embedding } from '../resources/embeddings/embedding-types.js';
import { countTokensBatch, truncateToTokens } from '../tokenizer/count-tokens.js';
import { estimateTokens } from '../tokenizer/estimate-tokens.js';
import { callWithBudget, type CallCounters } from './call-with-budget.js';
import { classifyOversize } from './classify-oversize.js';
import { stopsRun } from './stops-run.js';
import { mayExceedTokens } from '../tokenizer/may-exceed-tokens.js';
import { markTokensChecked } from '../resources/tokens-checked.js';
import {
  resolveEmbedSettings,
  type EmbedBatch,
  type EmbedFailureReason,
  type EmbedOutcome,
  type EmbedParams,
  type EmbedSettings,
  type EmbedStats,
} from './resolve-embed-settings.js';

/**
 * One input item of the pipeline: a text to embed, or an item whose outcome is already known (a vector
 * recovered from a checkpoint, or an unreadable input line), which is delivered in order without a request.
 */
export type PipelineInput =
  | string
  | { known: Omit<Embedding, 'text_index'> & { truncated?: boolean } }
  | { failed: { reason: EmbedFailureReason; message: string } };

/** Where the pipeline delivers results, and how far it may read ahead. */
export interface PipelineSink {
  /**
   * Receives finished items in input order, as contiguous runs starting at `text_index` 0. Called
   * synchronously; the run is complete when every item has been delivered.
   */
  ordered(outcomes: EmbedOutcome[]): void;
  /**
   * Items read but not yet delivered in order, at most (≥ 1). Bounds memory for unbounded inputs; a batch
   * stuck in retries then pauses reading. Default: unbounded.
   */
  window?: number | undefined;
}

interface Slot {
  index: number;
  text: string;
  tokens: number;
  truncated: boolean;
}

type Vector = Omit<Embedding, 'text_index'>;

function toComputeResult(vector: Vector): EmbeddingComputeResult {
  const result: { embedding?: number[]; sparse_embedding?: SparseEmbeddingEntry[] } = {};
  if (vector.embedding) result.embedding = vector.embedding;
  if (vector.sparse_embedding) {
    result.sparse_embedding = vector.sparse_embedding.map((entry) =>
      entry.token === undefined ? { index: entry.index, value: entry.value } : { index: entry.index, value: entry.value, token: entry.token },
    );
  }
  return result;
}

function fromStored(entry: StoredEmbedding): Vector {
  const vector: Vector = {};
  if (entry.embedding.length > 0) vector.embedding = entry.embedding;
  if (entry.sparse_embedding) vector.sparse_embedding = entry.sparse_embedding.map((item) => ({ ...item }));
  return vector;
}

interface Batch {
  slots: Slot[];
  tokens: number;
}

/** Items read, counted and packed per step. */
const CHUNK = 64;
/** Items per batch of cache hits (no request, so no row cap). */
const CACHED_BATCH = 256;

/**
 * Finds the first text over the per-text token limit, before anything is sent. Only texts that could
 * exceed it by their UTF-8 length (see `mayExceedTokens`) are counted with the tokenizer.
 * @returns the index and token count of the first over-long text, or `undefined`.
 */
export async function findTooLong(texts: readonly string[], maxTokensPerText: number): Promise<{ index: number; tokens: number } | undefined> {
  const candidates: number[] = [];
  texts.forEach((text, index) => {
    if (mayExceedTokens(text, maxTokensPerText)) candidates.push(index);
  });
  for (let start = 0; start < candidates.length; start += CHUNK) {
    const slice = candidates.slice(start, start + CHUNK);
    const counts = await countTokensBatch(slice.map((index) => texts[index]!));
    const over = counts.findIndex((count) => count > maxTokensPerText);
    if (over !== -1) return { index: slice[over]!, tokens: counts[over]! };
  }
  return undefined;
}

/**
 * The engine under `embedMany` and `runBulkEmbedJob`: reads `source` in chunks, counts tokens with the
 * Qwen tokenizer, applies the empty / too-long policies, packs batches up to the model's row cap
 * (10 for v3/v4) and `maxBatchTokens`, sends them with bounded concurrency in bulk mode (client
 * `maxRetries: 0`, retries on the shared `RetryBudget` with the client's backoff, pacing on `limiter`),
 * splits a batch the service still refuses as too large (into chunks of the cap the message names, else
 * halves, down to single texts) or rejects with another 400 (content inspection, a bad text: halves, to
 * isolate the culprit), and delivers every item exactly once, in input order, to `sink.ordered`.
 * Texts the `cache` holds are served from it without a request.
 * Limits: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 *
 * Abort (`params.signal`) or a fatal error: no request starts after it, in-flight requests are aborted,
 * results that had already arrived are still delivered (so they can be persisted), and the run rejects
 * with `APIUserAbortError` (or the error) once in-flight work has settled.
 *
 * @returns the run's counters.
 * @throws InputValidationError for bad parameters (before any request), or mid-run for an empty or
 *   over-long text under the `error` policies; APIUserAbortError on abort; AuthenticationError,
 *   PermissionDeniedError, NotFoundError, ArrearsError or QuotaExhaustedError, which every batch would
 *   get (the run stops at the first); whatever `source` or the sink throws.
 */
export async function runEmbedPipeline(
  client: DashScope,
  params: EmbedParams,
  source: Iterable<PipelineInput> | AsyncIterable<PipelineInput>,
  sink: PipelineSink,
): Promise<EmbedStats> {
  const settings = resolveEmbedSettings(params, client.protocol, client.region);
  const window = sink.window ?? Infinity;
  if (!(window >= 1)) throw new InputValidationError(`window must be ≥ 1 (got ${window}).`, 'window');
  return new EmbedPipeline(client, settings, params, sink, window).run(source);
}

class EmbedPipeline {
  readonly #client: DashScope;
  readonly #settings: EmbedSettings;
  readonly #params: EmbedParams;
  readonly #sink: PipelineSink;
  readonly #window: number;
  /** One controller per running batch (not one shared signal, which would collect a listener per request). */
  readonly #controllers = new Set<AbortController>();
  readonly #started = performance.now();
  readonly #counters: CallCounters = { requests: 0, retries: 0, throttles: 0 };
  readonly #done = new Map<number, EmbedOutcome>();
  readonly #ready: Batch[] = [];
  #open: Slot[] = [];
  #openTokens = 0;
  #maxBatchSize: number;
  #nextIndex = 0;
  #emitted = 0;
  /** Batches started and not finished, sleeping ones included. */
  #active = 0;
  /** Requests that may be in flight now: `concurrency` minus running batches not in backoff. */
  #freeSlots: number;
  readonly #resuming: Array<() => void> = [];
  #embedded = 0;
  #failed = 0;
  #cached = 0;
  #truncated = 0;
  #tokens = 0;
  #producing = true;
  #fatal: { error: unknown } | undefined;
  #wakeProducer: (() => void) | undefined;
  #settle: (() => void) | undefined;

  constructor(client: DashScope, settings: EmbedSettings, params: EmbedParams, sink: PipelineSink, window: number) {
    this.#client = client;
    this.#settings = settings;
    this.#params = params;
    this.#sink = sink;
    this.#window = window;
    this.#maxBatchSize = settings.maxBatchSize;
    this.#freeSlots = settings.concurrency;
  }

  async run(source: Iterable<PipelineInput> | AsyncIterable<PipelineInput>): Promise<EmbedStats> {
    const userSignal = this.#params.signal;
    const onAbort = () => this.#stop(new APIUserAbortError(undefined, { cause: userSignal?.reason }));
    if (userSignal?.aborted) throw new APIUserAbortError(undefined, { cause: userSignal.reason });
    userSignal?.addEventListener('abort', onAbort, { once: true });
    const settled = new Promise<void>((resolve) => (this.#settle = resolve));
    try {
      await this.#produce(source).catch((error: unknown) => this.#stop(error));
      this.#producing = false;
      this.#flushOpen();
      this.#pump();
      this.#checkSettled();
      await settled;
    } finally {
      userSignal?.removeEventListener('abort', onAbort);
    }
    if (this.#fatal) throw this.#fatal.error;
    return this.#stats();
  }

  #stats(): EmbedStats {
    return {
      embedded: this.#embedded,
      failed: this.#failed,
      cached: this.#cached,
      truncated: this.#truncated,
      tokens: this.#tokens,
      ...this.#counters,
      elapsedMs: performance.now() - this.#started,
    };
  }

  #stop(error: unknown): void {
    if (this.#fatal) return;
    this.#fatal = { error };
    for (const controller of this.#controllers) controller.abort(error);
    this.#ready.length = 0;
    this.#open = [];
    this.#wakeProducer?.();
    this.#checkSettled();
  }

  #checkSettled(): void {
    if (this.#producing || this.#active > 0) return;
    if (!this.#fatal && (this.#ready.length > 0 || this.#open.length > 0)) return;
    this.#settle?.();
  }

  async #produce(source: Iterable<PipelineInput> | AsyncIterable<PipelineInput>): Promise<void> {
    const iterator = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
    try {
      for (;;) {
        await this.#roomToRead();
        if (this.#fatal) return;
        const room = Math.min(CHUNK, this.#window - (this.#nextIndex - this.#emitted));
        const chunk: PipelineInput[] = [];
        let exhausted = false;
        while (chunk.length < room) {
          const next = await iterator.next();
          if (next.done) {
            exhausted = true;
            break;
          }
          chunk.push(next.value);
        }
        if (this.#fatal) return;
        await this.#prepare(chunk);
        if (exhausted || this.#fatal) return;
        if (this.#nextIndex - this.#emitted >= this.#window) this.#flushOpen();
        this.#pump();
      }
    } finally {
      if (this.#fatal) await iterator.return?.();
    }
  }

  #roomToRead(): Promise<void> {
    const full = () =>
      !this.#fatal && (this.#ready.length >= this.#settings.concurrency * 2 || this.#nextIndex - this.#emitted >= this.#window);
    if (!full()) return Promise.resolve();
    return new Promise((resolve) => {
      this.#wakeProducer = () => {
        if (full()) return;
        this.#wakeProducer = undefined;
        resolve();
      };
    });
  }

  async #prepare(chunk: PipelineInput[]): Promise<void> {
    const settings = this.#settings;
    const base = this.#nextIndex;
    this.#nextIndex += chunk.length;
    const known: EmbedOutcome[] = [];
    const texts: Slot[] = [];
    chunk.forEach((item, offset) => {
      const index = base + offset;
      if (typeof item !== 'string') {
        if ('known' in item) {
          const { truncated = false, ...embedding } = item.known;
          known.push({ text_index: index, embedding, truncated, cached: false });
        }
        else known.push({ text_index: index, failure: { text_index: index, reason: item.failed.reason, message: item.failed.message } });
        return;
      }
      if (item.trim() === '') {
        if (settings.onEmpty === 'error') throw new InputValidationError(`input[${index}] is empty; DashScope rejects empty texts.`, `input[${index}]`);
        known.push({ text_index: index, failure: { text_index: index, reason: 'empty', message: 'Empty text; DashScope rejects empty texts.' } });
        return;
      }
      texts.push({ index, text: item, tokens: 0, truncated: false });
    });
    await this.#count(texts);
    const kept: Slot[] = [];
    for (const slot of texts) {
      if (slot.tokens <= settings.maxTokensPerText) {
        kept.push(slot);
        continue;
      }
      const message = `Text has ${slot.tokens} tokens; ${settings.model} accepts at most ${settings.maxTokensPerText} per text.`;
      if (settings.onTooLong === 'error') throw new InputValidationError(`input[${slot.index}]: ${message}`, `input[${slot.index}]`);
      if (settings.onTooLong === 'skip') {
        known.push({ text_index: slot.index, failure: { text_index: slot.index, reason: 'too_long', message } });
        continue;
      }
      const cut = await truncateToTokens(slot.text, settings.maxTokensPerText);
      kept.push({ index: slot.index, text: cut.text, tokens: cut.tokens, truncated: true });
    }
    if (known.length > 0) this.#complete(known);
    if (this.#fatal) return;
    const hits = await this.#cachedIndexes(kept);
    const cachedSlots: Slot[] = [];
    for (const slot of kept) {
      if (hits.has(slot.index)) cachedSlots.push(slot);
      else this.#addToOpen(slot);
    }
    for (let start = 0; start < cachedSlots.length; start += CACHED_BATCH) {
      const slots = cachedSlots.slice(start, start + CACHED_BATCH);
      this.#ready.push({ slots, tokens: slots.reduce((sum, slot) => sum + slot.tokens, 0) });
    }
  }

  /**
   * Sets each slot's token count where something needs it: all texts when a limiter or a token budget
   * does (exactly, or with `estimateTokens` under `tokenCounting: 'estimate'`), and exactly for any text
   * whose UTF-8 length could exceed the per-text limit. Other texts keep 0, which spares plain runs the
   * tokenizer's CPU and memory (`estimateTokens` never exceeds the UTF-8 length, so an estimate alone
   * cannot push a text over the limit).
   */
  async #count(slots: Slot[]): Promise<void> {
    const settings = this.#settings;
    const needed = settings.limiter !== undefined || Number.isFinite(settings.maxBatchTokens);
    const exactForAll = needed && settings.tokenCounting === 'exact';
    if (needed && !exactForAll) for (const slot of slots) slot.tokens = estimateTokens(slot.text);
    const counted = exactForAll ? slots : slots.filter((slot) => mayExceedTokens(slot.text, settings.maxTokensPerText));
    if (counted.length === 0) return;
    const counts = await countTokensBatch(counted.map((slot) => slot.text));
    counted.forEach((slot, i) => (slot.tokens = counts[i]!));
  }

  async #cachedIndexes(slots: Slot[]): Promise<Set<number>> {
    const { cache, fingerprint } = this.#settings;
    if (!cache || !fingerprint || slots.length === 0) return new Set();
    const keys = await buildEmbeddingCacheKeys(fingerprint, slots.map((slot) => slot.text));
    const found = await cache.store.getMany(keys);
    const hits = new Set<number>();
    found.forEach((entry, i) => {
      if (entry !== undefined) hits.add(slots[i]!.index);
    });
    return hits;
  }

  #addToOpen(slot: Slot): void {
    const full =
      this.#open.length >= this.#maxBatchSize ||
      (this.#open.length > 0 && this.#openTokens + slot.tokens > this.#settings.maxBatchTokens);
    if (full) this.#flushOpen();
    this.#open.push(slot);
    this.#openTokens += slot.tokens;
  }

  #flushOpen(): void {
    if (this.#open.length === 0) return;
    this.#ready.push({ slots: this.#open, tokens: this.#openTokens });
    this.#open = [];
    this.#openTokens = 0;
  }

  #pump(): void {
    while (!this.#fatal && this.#freeSlots > 0 && this.#ready.length > 0) {
      const batch = this.#ready.shift()!;
      const controller = new AbortController();
      this.#controllers.add(controller);
      this.#freeSlots--;
      this.#active++;
      this.#runBatch(batch, controller.signal)
        .catch((error: unknown) => this.#stop(error))
        .finally(() => {
          this.#controllers.delete(controller);
          this.#active--;
          this.#releaseSlot();
          this.#wakeProducer?.();
          this.#checkSettled();
        });
    }
    this.#wakeProducer?.();
  }

  /** Gives a slot back: to a retry waiting to resume first, else to the next batch. */
  #releaseSlot(): void {
    const resume = this.#resuming.shift();
    if (resume) {
      resume();
      return;
    }
    this.#freeSlots++;
    this.#pump();
  }

  /** A batch going to sleep in backoff lends its slot; waking, it takes one back before new batches do. */
  readonly #backoff = {
    before: () => this.#releaseSlot(),
    after: async () => {
      if (this.#freeSlots > 0) {
        this.#freeSlots--;
        return;
      }
      await new Promise<void>((resolve) => this.#resuming.push(resolve));
    },
  };

  async #runBatch(batch: Batch, signal: AbortSignal): Promise<void> {
    let vectors: Vector[];
    let usage = 0;
    const fromCache = new Set<number>();
    const texts = batch.slots.map((slot) => slot.text);
    const tokensByText = new Map(batch.slots.map((slot) => [slot.text, slot.tokens]));
    try {
      const { cache, fingerprint } = this.#settings;
      if (cache && fingerprint) {
        let missing = new Set<string>();
        const stored = await cache.embed(fingerprint, texts, async (texts) => {
          missing = new Set(texts);
          const result = await this.#request(texts, tokensByText, signal);
          usage += result.tokens;
          return result.vectors.map(toComputeResult);
        });
        batch.slots.forEach((slot) => {
          if (!missing.has(slot.text)) fromCache.add(slot.index);
        });
        vectors = stored.map(fromStored);
      } else {
        const result = await this.#request(texts, tokensByText, signal);
        usage = result.tokens;
        vectors = result.vectors;
      }
    } catch (error) {
      if (signal.aborted) return;
      if (stopsRun(error)) throw error;
      const oversize = classifyOversize(error);
      if ((oversize || error instanceof BadRequestError) && batch.slots.length > 1) {
        await this.#split(batch, oversize?.cap, signal);
        return;
      }
      const reason = oversize?.kind === 'input_length' ? 'too_long' : 'error';
      const message = error instanceof Error ? error.message : String(error);
      this.#finishBatch(
        batch.slots.map((slot) => ({ text_index: slot.index, failure: { text_index: slot.index, reason, message, error } })),
        0,
      );
      return;
    }
    this.#tokens += usage;
    this.#cached += fromCache.size;
    this.#finishBatch(
      batch.slots.map((slot, i) => ({
        text_index: slot.index,
        embedding: vectors[i]!,
        truncated: slot.truncated,
        cached: fromCache.has(slot.index),
      })),
      usage,
    );
  }

  async #split(batch: Batch, cap: number | undefined, signal: AbortSignal): Promise<void> {
    if (cap !== undefined && cap < this.#maxBatchSize) this.#maxBatchSize = cap;
    const size = cap !== undefined && cap < batch.slots.length ? cap : Math.ceil(batch.slots.length / 2);
    for (let start = 0; start < batch.slots.length && !this.#fatal; start += size) {
      const slots = batch.slots.slice(start, start + size);
      await this.#runBatch({ slots, tokens: slots.reduce((sum, slot) => sum + slot.tokens, 0) }, signal);
    }
  }

  /** Sends `texts` (in requests of at most the current row cap, one after another) and returns their vectors in order. */
  async #request(texts: string[], tokensByText: Map<string, number>, signal: AbortSignal): Promise<{ vectors: Vector[]; tokens: number }> {
    const settings = this.#settings;
    const vectors: Vector[] = [];
    let tokens = 0;
    for (let start = 0; start < texts.length; start += this.#maxBatchSize) {
      const input = texts.slice(start, start + this.#maxBatchSize);
      const result = await callWithBudget(
        {
          model: settings.model,
          tokens: input.reduce((sum, text) => sum + (tokensByText.get(text) ?? 0), 0),
          limiter: settings.limiter,
          budget: settings.retryBudget,
          maxAttempts: settings.maxAttempts,
          signal,
          counters: this.#counters,
          backoff: this.#backoff,
        },
        async (attemptSignal) => {
          const response = await this.#client.embeddings.create(
            markTokensChecked({
              model: settings.model,
              input,
              ...(settings.dimension !== undefined ? { dimension: settings.dimension } : {}),
              ...(settings.text_type !== undefined ? { text_type: settings.text_type } : {}),
              ...(settings.instruct !== undefined ? { instruct: settings.instruct } : {}),
              ...(settings.output_type !== undefined ? { output_type: settings.output_type } : {}),
              ...(settings.protocol !== undefined ? { protocol: settings.protocol } : {}),
            }),
            { signal: attemptSignal, maxRetries: 0, ...(settings.timeout !== undefined ? { timeout: settings.timeout } : {}) },
          );
          return { value: response, tokens: response.usage.total_tokens };
        },
      );
      tokens += result.usage.total_tokens;
      for (const item of result.embeddings) {
        const vector: Vector = {};
        if (item.embedding) vector.embedding = item.embedding;
        if (item.sparse_embedding) vector.sparse_embedding = item.sparse_embedding;
        vectors.push(vector);
      }
    }
    return { vectors, tokens };
  }

  #finishBatch(outcomes: EmbedOutcome[], usage: number): void {
    this.#complete(outcomes);
    const batch: EmbedBatch = { outcomes, usage: { total_tokens: usage } };
    this.#params.onBatch?.(batch);
    this.#params.onProgress?.(this.#stats());
  }

  #complete(outcomes: EmbedOutcome[]): void {
    for (const outcome of outcomes) {
      if ('failure' in outcome) this.#failed++;
      else {
        this.#embedded++;
        if (outcome.truncated) this.#truncated++;
      }
      this.#done.set(outcome.text_index, outcome);
    }
    if (!this.#done.has(this.#emitted)) return;
    const run: EmbedOutcome[] = [];
    for (let outcome = this.#done.get(this.#emitted); outcome; outcome = this.#done.get(this.#emitted)) {
      this.#done.delete(this.#emitted);
      run.push(outcome);
      this.#emitted++;
    }
    this.#sink.ordered(run);
    this.#wakeProducer?.();
  }
}
