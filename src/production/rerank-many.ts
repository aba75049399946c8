import type { DashScope } from '../client.js';
import { APIUserAbortError, InputValidationError } from '../core/errors.js';
import { getRerankModel } from '../models/catalog.js';
import type { RerankCreateParams, RerankResultItem } from '../resources/rerank/rerank-types.js';
import { assertParamsObject } from '../resources/assert-params-object.js';
import { markTokensChecked } from '../resources/tokens-checked.js';
import { validateRerankParams } from '../resources/rerank/validate-rerank-params.js';
import { countTokens, countTokensBatch } from '../tokenizer/count-tokens.js';
import { estimateTokens } from '../tokenizer/estimate-tokens.js';
import { callWithBudget, type CallCounters } from './call-with-budget.js';
import { classifyOversize } from './classify-oversize.js';
import { mayExceedTokens, tokenUpperBound } from '../tokenizer/may-exceed-tokens.js';
import type { RateLimiter } from './rate-limiter.js';
import { RetryBudget } from './retry-budget.js';

/** Parameters of {@link rerankMany}: those of `client.rerank.create` for text, with any number of documents. */
export interface RerankManyParams extends Omit<RerankCreateParams, 'query' | 'documents' | 'fps'> {
  /** Text query (the per-item token limit applies; longer queries are truncated by the service). */
  query: string;
  /** Any number of non-empty text documents. */
  documents: readonly string[];
  /** Sub-requests in flight at once (≥ 1). Default 4. */
  concurrency?: number | undefined;
  /** Documents per sub-request, at most the model's cap (500 for qwen3-rerank and gte-rerank-v2). Default: the cap. */
  maxDocumentsPerRequest?: number | undefined;
  /**
   * Request token budget: `min(query_tokens, per-item limit) × documents + Σ min(doc_tokens, per-item limit)`
   * must stay within it. Default: 95 % of the model's (120,000 for qwen3-rerank, 30,000 for
   * gte-rerank-v2); the 5 % margin covers tokens the service may add that the local Qwen count does not see.
   */
  maxTokensPerRequest?: number | undefined;
  /**
   * How a group that might exceed the token budget is measured: `exact` (default) counts its documents with
   * the Qwen tokenizer (~1.3 s for 5,000 passages of 60 words), `estimate` uses `estimateTokens` (usually
   * 1.05–1.7× the exact count, no vocabulary; a sub-request the service still finds over budget is halved).
   * Documents over the per-item limit are found exactly either way.
   */
  tokenCounting?: 'exact' | 'estimate' | undefined;
  /** Pays for retries of failed sub-requests. Default: a fresh `RetryBudget()`. */
  retryBudget?: RetryBudget | undefined;
  /** Attempts per sub-request, first included. Default 4. */
  maxAttempts?: number | undefined;
  /** Per-attempt timeout, ms. Default: the client's. */
  timeout?: number | undefined;
  /** Acquired before every attempt with the sub-request's token count. */
  limiter?: RateLimiter | undefined;
  /** Aborts every sub-request; the call rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
}

/** Result of {@link rerankMany}: one global ranking. */
export interface RerankManyResult {
  /** Highest `relevance_score` first (ties: lower index first); `index` refers to the caller's `documents`; `top_n` long when given. */
  results: RerankResultItem[];
  /** Tokens reported by the service, summed over sub-requests. */
  usage: { total_tokens: number };
  /** One `request_id` per sub-request, in completion order. */
  request_ids: string[];
  /** Indexes of documents over the per-item token limit (4,000 for the text models): the service truncates them, so their score reflects only their beginning. */
  truncated: number[];
  /** Whether the query itself is over the per-item limit (and truncated by the service). */
  queryTruncated: boolean;
  /** HTTP attempts, retries and throttles across sub-requests. */
  stats: CallCounters & { subRequests: number };
}

/** Share of the model's request token budget used by default. */
const BUDGET_SHARE = 0.95;

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InputValidationError(`${name} must be an integer ≥ 1 (got ${value}).`, name);
  return value;
}

/**
 * Reranks any number of text documents: more than the model's document cap (500 for qwen3-rerank and
 * gte-rerank-v2, 100 for qwen3-vl-rerank), or more than its request token budget
 * (`query_tokens × documents + Σ document_tokens` ≤ 120,000 / 30,000), is split into sub-requests that
 * run concurrently; their results merge into one ranking whose `index` values refer to the caller's
 * `documents` and which is cut to `top_n`. Groups take up to the document cap in input order; the token
 * budget is checked first with a free upper bound (UTF-8 bytes of each text), and only a group that might
 * exceed it is counted with the Qwen tokenizer (or estimated, see `tokenCounting`) and cut where the count
 * reaches the budget. A
 * sub-request the service still refuses as over budget is halved. Documents over the per-item limit
 * (4,000 tokens) are sent as they are (the service truncates them) and listed in `truncated`, so a caller
 * can chunk them instead of trusting a score of their first 4,000 tokens.
 * Limits: https://www.alibabacloud.com/help/en/model-studio/text-rerank-api
 *
 * Merging assumes a document's score does not depend on which other documents share its request, which
 * holds for cross-encoder rerankers (each query–document pair is scored on its own); DashScope documents
 * scores as comparable within one request only, so treat ties across sub-requests as approximate.
 *
 * @example
 * const { results } = await rerankMany(client, { model: 'qwen3-rerank', query, documents: candidates, top_n: 20 });
 *
 * @throws InputValidationError before any request: missing model, empty query, empty documents or an
 *   empty / non-string document (named by index), `top_n` < 1, options out of range, or `instruct` on a
 *   model without it. APIUserAbortError on abort. The error of a sub-request that still fails after
 *   retries (the other sub-requests are then aborted: a partial ranking would be wrong).
 */
export async function rerankMany(client: DashScope, params: RerankManyParams): Promise<RerankManyResult> {
  assertParamsObject(params, 'rerankMany');
  const { documents } = params;
  if (typeof params.query !== 'string') throw new InputValidationError('rerankMany takes a text query.', 'query');
  if (!Array.isArray(documents) || documents.length === 0) throw new InputValidationError('documents must be a non-empty array.', 'documents');
  documents.forEach((document, index) => {
    if (typeof document !== 'string' || document.trim() === '') {
      throw new InputValidationError(`documents[${index}] must be a non-empty string.`, `documents[${index}]`);
    }
  });
  validateRerankParams({ ...params, query: params.query, documents: documents.slice(0, 1) });
  const model = getRerankModel(params.model);
  const cap = model?.maxDocuments ?? 500;
  const maxDocuments = positiveInteger(params.maxDocumentsPerRequest, 'maxDocumentsPerRequest', cap);
  if (maxDocuments > cap) throw new InputValidationError(`${params.model} accepts at most ${cap} documents per request.`, 'maxDocumentsPerRequest');
  const modelBudget = model?.maxTokensPerRequest ?? 30_000;
  const budget = positiveInteger(params.maxTokensPerRequest, 'maxTokensPerRequest', Math.floor(modelBudget * BUDGET_SHARE));
  if (budget > modelBudget) throw new InputValidationError(`${params.model} allows at most ${modelBudget} tokens per request.`, 'maxTokensPerRequest');
  const perItem = model?.maxTokensPerItem ?? 4_000;
  const concurrency = positiveInteger(params.concurrency, 'concurrency', 4);
  const maxAttempts = positiveInteger(params.maxAttempts, 'maxAttempts', 4);
  const retryBudget = params.retryBudget ?? new RetryBudget();
  if (params.tokenCounting !== undefined && params.tokenCounting !== 'exact' && params.tokenCounting !== 'estimate') {
    throw new InputValidationError(`tokenCounting must be exact or estimate (got ${String(params.tokenCounting)}).`, 'tokenCounting');
  }

  const controllers = new Set<AbortController>();
  const abortAll = (reason: unknown) => {
    for (const controller of controllers) controller.abort(reason);
  };
  const onAbort = () => abortAll(params.signal?.reason);
  if (params.signal?.aborted) throw new APIUserAbortError(undefined, { cause: params.signal.reason });
  params.signal?.addEventListener('abort', onAbort, { once: true });

  const counters: CallCounters = { requests: 0, retries: 0, throttles: 0 };
  const queryTokens = await countTokens(params.query);
  const queryWeight = Math.min(queryTokens, perItem);
  const exact: Array<number | undefined> = new Array(documents.length);
  const estimates: Array<number | undefined> = new Array(documents.length);
  const estimated = params.tokenCounting === 'estimate';
  const truncated: number[] = [];
  const merged: RerankResultItem[] = [];
  const requestIds: string[] = [];
  let totalTokens = 0;
  let failure: { error: unknown } | undefined;
  const running = new Set<Promise<void>>();

  const countExactly = async (from: number, to: number): Promise<void> => {
    const missing: number[] = [];
    for (let index = from; index < to; index++) if (exact[index] === undefined) missing.push(index);
    if (missing.length === 0) return;
    const counts = await countTokensBatch(missing.map((index) => documents[index]!));
    missing.forEach((index, i) => (exact[index] = counts[i]!));
  };

  const send = async (indexes: number[], tokens: number, signal: AbortSignal): Promise<void> => {
    const request: RerankCreateParams = { model: params.model, query: params.query, documents: indexes.map((index) => documents[index]!) };
    if (params.top_n !== undefined) request.top_n = Math.min(params.top_n, indexes.length);
    if (params.return_documents !== undefined) request.return_documents = params.return_documents;
    if (params.instruct !== undefined) request.instruct = params.instruct;
    if (params.protocol !== undefined) request.protocol = params.protocol;
    let result;
    try {
      result = await callWithBudget(
        { model: params.model, tokens, limiter: params.limiter, budget: retryBudget, maxAttempts, signal, counters },
        async (attemptSignal) => {
          const response = await client.rerank.create(markTokensChecked(request), { signal: attemptSignal, maxRetries: 0, ...(params.timeout !== undefined ? { timeout: params.timeout } : {}) });
          return { value: response, tokens: response.usage.total_tokens };
        },
      );
    } catch (error) {
      if (indexes.length < 2 || signal.aborted || !classifyOversize(error)) throw error;
      const half = Math.ceil(indexes.length / 2);
      await Promise.all([send(indexes.slice(0, half), Math.ceil(tokens / 2), signal), send(indexes.slice(half), Math.ceil(tokens / 2), signal)]);
      return;
    }
    requestIds.push(result.request_id);
    totalTokens += result.usage.total_tokens;
    for (const item of result.results) merged.push({ ...item, index: indexes[item.index]! });
  };

  const dispatch = async (indexes: number[], tokens: number): Promise<void> => {
    while (running.size >= concurrency && !failure) await Promise.race(running);
    if (failure || params.signal?.aborted) return;
    const controller = new AbortController();
    controllers.add(controller);
    const task = send(indexes, tokens, controller.signal).catch((error: unknown) => {
      if (!failure) failure = { error };
      abortAll(error);
    });
    running.add(task);
    void task.finally(() => {
      running.delete(task);
      controllers.delete(controller);
    });
  };

  try {
    for (let start = 0; start < documents.length && !failure && !params.signal?.aborted; ) {
      const end = Math.min(documents.length, start + maxDocuments);
      let upper = 0;
      for (let index = start; index < end; index++) upper += queryWeight + Math.min(perItem, tokenUpperBound(documents[index]!));
      let size = end - start;
      let tokens = upper;
      if (upper > budget) {
        if (estimated) for (let index = start; index < end; index++) estimates[index] ??= estimateTokens(documents[index]!);
        else await countExactly(start, end);
        tokens = 0;
        size = 0;
        while (start + size < end) {
          const weight = queryWeight + Math.min(perItem, (estimated ? estimates : exact)[start + size]!);
          if (size > 0 && tokens + weight > budget) break;
          tokens += weight;
          size++;
        }
      }
      const indexes: number[] = [];
      for (let index = start; index < start + size; index++) {
        indexes.push(index);
        if (exact[index] === undefined && mayExceedTokens(documents[index]!, perItem)) await countExactly(index, index + 1);
        if ((exact[index] ?? 0) > perItem) truncated.push(index);
      }
      await dispatch(indexes, tokens);
      start += size;
    }
    while (running.size > 0) await Promise.race(running);
  } finally {
    params.signal?.removeEventListener('abort', onAbort);
  }
  if (params.signal?.aborted) throw new APIUserAbortError(undefined, { cause: params.signal.reason });
  if (failure) throw failure.error;
  merged.sort((left, right) => right.relevance_score - left.relevance_score || left.index - right.index);
  return {
    results: params.top_n === undefined ? merged : merged.slice(0, params.top_n),
    usage: { total_tokens: totalTokens },
    request_ids: requestIds,
    truncated,
    queryTruncated: queryTokens > perItem,
    stats: { ...counters, subRequests: requestIds.length },
  };
}
