import type { DashScope } from '../client.js';
import { APIUserAbortError, BadRequestError, InputValidationError } from '../core/errors.js';
import { getMultimodalEmbeddingModel } from '../models/catalog.js';
import type { MultimodalContentType, MultimodalEmbeddingModelInfo } from '../models/model-info.js';
import { checkMultimodalTextTokens } from '../resources/multimodal-embeddings/check-multimodal-text-tokens.js';
import type {
  MultimodalEmbedding,
  MultimodalEmbeddingCreateParams,
  MultimodalEmbeddingModel,
} from '../resources/multimodal-embeddings/multimodal-embedding-types.js';
import { contentType, validateMultimodalEmbeddingParams } from '../resources/multimodal-embeddings/validate-multimodal-embedding-params.js';
import { assertParamsObject } from '../resources/assert-params-object.js';
import { markTokensChecked } from '../resources/tokens-checked.js';
import { estimateTokens } from '../tokenizer/estimate-tokens.js';
import type { MultimodalContent } from '../wire/multimodal-embeddings.js';
import { callWithBudget, type CallCounters } from './call-with-budget.js';
import { classifyOversize } from './classify-oversize.js';
import type { RateLimiter } from './rate-limiter.js';
import { RetryBudget } from './retry-budget.js';
import { stopsRun } from './stops-run.js';

/** Parameters of {@link embedMultimodalMany}: the elements, the model's parameters, and the bulk controls (camelCase). */
export interface EmbedMultimodalManyParams {
  model: MultimodalEmbeddingModel;
  /** Any number of `{ text }`, `{ image }` or `{ video }` elements; each gets its own vector. */
  input: readonly MultimodalContent[];
  /** Output dimension, one the model allows. Default: the model's. */
  dimension?: number | undefined;
  /** Video frame sampling rate in [0, 1]. */
  fps?: number | undefined;
  instruct?: string | undefined;
  /** Requests in flight at once (≥ 1). Default 4. A request sleeping in backoff keeps its slot. */
  concurrency?: number | undefined;
  /**
   * Elements per request, at most the model's cap (qwen3-vl-embedding 20). Default: the cap, or 20 for a
   * model without a documented count cap (tongyi-embedding-vision-*, multimodal-embedding-v1, unknown models).
   */
  maxContentsPerRequest?: number | undefined;
  /** Pays for retries of failed requests. Default: a fresh `RetryBudget()`. */
  retryBudget?: RetryBudget | undefined;
  /** Attempts per request, first included. Default 4. */
  maxAttempts?: number | undefined;
  /** Per-attempt timeout, ms. Default: the client's. */
  timeout?: number | undefined;
  /** Acquired before every attempt with the request's estimated text tokens; corrected with `usage.input_tokens`. */
  limiter?: RateLimiter | undefined;
  /** Aborts the run: no request starts afterwards, in-flight ones are aborted, the call rejects. */
  signal?: AbortSignal | undefined;
  /** Called as each request finishes (completion order) with the vectors it gave, by input index: persist them here. */
  onBatch?: ((batch: { embeddings: MultimodalEmbedding[]; usage: { input_tokens: number; image_tokens: number } }) => void) | undefined;
}

/** An element that got no vector: its request still failed after retries and splitting. */
export interface MultimodalEmbedFailure {
  /** Position in `input`. */
  index: number;
  message: string;
  error: unknown;
}

/** Result of {@link embedMultimodalMany}. */
export interface EmbedMultimodalManyResult {
  /** One entry per element in input order (`embeddings[i].index === i`); `undefined` exactly where `failures` names `i`. */
  embeddings: Array<MultimodalEmbedding | undefined>;
  /** Elements without a vector, sorted by index. */
  failures: MultimodalEmbedFailure[];
  /** Dimension of the vectors (`undefined` when none was embedded). */
  dimension: number | undefined;
  /** Tokens the service reported, summed over requests. */
  usage: { input_tokens: number; image_tokens: number };
  /** HTTP attempts, retries, throttles, and requests that succeeded. */
  stats: CallCounters & { subRequests: number };
}

/** Elements per request for models whose documentation gives no count cap. */
const DEFAULT_CONTENTS = 20;

function positiveInteger(value: number | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isInteger(value) || value < 1) throw new InputValidationError(`${name} must be an integer ≥ 1 (got ${value}).`, name, { value });
  return value;
}

/** Splits indexes, in input order, into groups within the element cap and the per-type caps of the model. */
function pack(types: readonly MultimodalContentType[], cap: number, model: MultimodalEmbeddingModelInfo | undefined): number[][] {
  const groups: number[][] = [];
  let current: number[] = [];
  let counts: Partial<Record<MultimodalContentType, number>> = {};
  types.forEach((type, index) => {
    const typeCap = model?.maxContentsByType?.[type];
    if (current.length >= cap || (typeCap !== undefined && (counts[type] ?? 0) >= typeCap)) {
      groups.push(current);
      current = [];
      counts = {};
    }
    current.push(index);
    counts[type] = (counts[type] ?? 0) + 1;
  });
  if (current.length > 0) groups.push(current);
  return groups;
}

/**
 * Embeds any number of multimodal elements (text, image, video) and returns one vector per element in
 * input order. Every element is checked before any request (shape, decoded base64 sizes, text tokens,
 * dimension: see `validateMultimodalEmbeddingParams`); elements are packed in input order into requests
 * within the model's element cap and per-type caps (qwen3-vl-embedding: 20 elements; qwen2.5-vl-embedding:
 * one text, one image and one video), sent with bounded concurrency in bulk mode (client `maxRetries: 0`,
 * retries on a shared `RetryBudget` with the client's backoff, pacing on `limiter`). A request the service
 * refuses as too large, or with another 400, is halved down to the culprit; elements that still fail are
 * reported in `failures` with their index while every other vector is kept. Fusion is per request, so it
 * is not offered here: call `client.multimodalEmbeddings.create` with `enable_fusion` for a fused vector.
 * Limits: https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference
 *
 * @example
 * const { embeddings } = await embedMultimodalMany(client, { model: 'qwen3-vl-embedding', input: items, dimension: 512 });
 *
 * @throws InputValidationError before any request (an element named by index, options out of range,
 *   `maxContentsPerRequest` above the model's cap). APIUserAbortError when `signal` aborts (vectors that
 *   arrived were passed to `onBatch`). AuthenticationError, PermissionDeniedError, NotFoundError,
 *   ArrearsError, QuotaExhaustedError stop the run at the first, since every request would get them.
 */
export async function embedMultimodalMany(client: DashScope, params: EmbedMultimodalManyParams): Promise<EmbedMultimodalManyResult> {
  assertParamsObject(params, 'embedMultimodalMany');
  const { input } = params;
  if (!Array.isArray(input)) throw new InputValidationError('input must be an array of { text } | { image } | { video }.', 'input');
  const parameters: NonNullable<MultimodalEmbeddingCreateParams['parameters']> = {};
  if (params.dimension !== undefined) parameters.dimension = params.dimension;
  if (params.fps !== undefined) parameters.fps = params.fps;
  if (params.instruct !== undefined) parameters.instruct = params.instruct;
  input.forEach((content, index) => {
    try {
      validateMultimodalEmbeddingParams({ model: params.model, input: { contents: [content] }, parameters });
    } catch (error) {
      if (!(error instanceof InputValidationError)) throw error;
      const param = error.param?.replace(/^input\.contents\[0\]/, `input[${index}]`);
      throw new InputValidationError(`input[${index}]: ${error.message}`, param, { value: error.value, limit: error.limit });
    }
  });
  const model = getMultimodalEmbeddingModel(params.model);
  try {
    await checkMultimodalTextTokens(input, model);
  } catch (error) {
    if (!(error instanceof InputValidationError)) throw error;
    throw new InputValidationError(error.message.replace(/^input\.contents/, 'input'), error.param?.replace(/^input\.contents/, 'input'), { value: error.value, limit: error.limit });
  }
  const cap = model?.maxContents ?? DEFAULT_CONTENTS;
  const perRequest = positiveInteger(params.maxContentsPerRequest, 'maxContentsPerRequest', cap);
  if (perRequest > cap) throw new InputValidationError(`${params.model} accepts at most ${cap} elements per request (maxContentsPerRequest ${perRequest}).`, 'maxContentsPerRequest');
  const concurrency = positiveInteger(params.concurrency, 'concurrency', 4);
  const maxAttempts = positiveInteger(params.maxAttempts, 'maxAttempts', 4);
  if (params.timeout !== undefined && !(params.timeout > 0)) throw new InputValidationError(`timeout must be > 0 ms (got ${params.timeout}).`, 'timeout');
  const retryBudget = params.retryBudget ?? new RetryBudget();
  if (params.signal?.aborted) throw new APIUserAbortError(undefined, { cause: params.signal.reason });

  const embeddings: Array<MultimodalEmbedding | undefined> = new Array(input.length).fill(undefined);
  const failures: MultimodalEmbedFailure[] = [];
  const usage = { input_tokens: 0, image_tokens: 0 };
  const counters: CallCounters = { requests: 0, retries: 0, throttles: 0 };
  let subRequests = 0;
  let dimension: number | undefined;
  let fatal: { error: unknown } | undefined;
  const controller = new AbortController();
  const onAbort = () => controller.abort(params.signal?.reason);
  params.signal?.addEventListener('abort', onAbort, { once: true });

  const send = async (indexes: number[]): Promise<void> => {
    const contents = indexes.map((index) => input[index]!);
    const request: MultimodalEmbeddingCreateParams = { model: params.model, input: { contents } };
    if (Object.keys(parameters).length > 0) request.parameters = parameters;
    const tokens = contents.reduce((sum, content) => sum + ('text' in content ? estimateTokens(content.text) : 0), 0);
    let result;
    try {
      result = await callWithBudget(
        { model: params.model, tokens, limiter: params.limiter, budget: retryBudget, maxAttempts, signal: controller.signal, counters },
        async (attemptSignal) => {
          const response = await client.multimodalEmbeddings.create(markTokensChecked(request), {
            signal: attemptSignal,
            maxRetries: 0,
            ...(params.timeout !== undefined ? { timeout: params.timeout } : {}),
          });
          return { value: response, tokens: response.usage.input_tokens };
        },
      );
    } catch (error) {
      if (controller.signal.aborted) return;
      if (stopsRun(error)) throw error;
      if (indexes.length > 1 && (classifyOversize(error) || error instanceof BadRequestError)) {
        const half = Math.ceil(indexes.length / 2);
        await send(indexes.slice(0, half));
        await send(indexes.slice(half));
        return;
      }
      const message = error instanceof Error ? error.message : String(error);
      for (const index of indexes) failures.push({ index, message, error });
      return;
    }
    subRequests++;
    usage.input_tokens += result.usage.input_tokens;
    usage.image_tokens += result.usage.image_tokens;
    dimension ??= result.dimension;
    const delivered = result.embeddings.map((item) => ({ ...item, index: indexes[item.index]! }));
    for (const item of delivered) embeddings[item.index] = item;
    params.onBatch?.({ embeddings: delivered, usage: { input_tokens: result.usage.input_tokens, image_tokens: result.usage.image_tokens } });
  };

  const queue = pack(input.map((content) => contentType(content)), perRequest, model);
  const worker = async (): Promise<void> => {
    for (let group = queue.shift(); group && !fatal && !controller.signal.aborted; group = queue.shift()) {
      await send(group).catch((error: unknown) => {
        fatal ??= { error };
        controller.abort(error);
      });
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
  } finally {
    params.signal?.removeEventListener('abort', onAbort);
  }
  if (fatal) throw fatal.error;
  if (params.signal?.aborted) throw new APIUserAbortError(undefined, { cause: params.signal.reason });
  failures.sort((left, right) => left.index - right.index);
  return { embeddings, failures, dimension, usage, stats: { ...counters, subRequests } };
}
