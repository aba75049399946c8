import { checkProtocol } from '../../core/check-options.js';
import { InputValidationError, ResponseValidationError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestJSON, type CallSpec, type TransportConfig } from '../../core/transport.js';
import { allowedDimensions } from '../../models/allowed-dimensions.js';
import { getEmbeddingModel } from '../../models/catalog.js';
import type { EmbeddingModelInfo } from '../../models/model-info.js';
import type { Region } from '../../models/regions.js';
import { mayExceedTokens } from '../../tokenizer/may-exceed-tokens.js';
import { formatIssues } from '../../wire/format-issues.js';
import { PATHS } from '../../wire/paths.js';
import { assertModelKind } from '../assert-model-kind.js';
import { assertParamsObject } from '../assert-params-object.js';
import { countTokensLazily } from '../count-tokens-lazily.js';
import { areTokensChecked } from '../tokens-checked.js';
import type { Embedding, EmbeddingCreateParams, EmbeddingResult } from './embedding-types.js';

const TEXT_TYPES = ['query', 'document'] as const;
const OUTPUT_TYPES = ['dense', 'sparse', 'dense&sparse'] as const;

/**
 * Checks embedding params against the catalog before anything is sent.
 * @throws InputValidationError naming the parameter, the value and the limit: params not an object, a
 *   model of another kind (a rerank or chat model), empty or non-string input, batch over the model's cap,
 *   an unknown `text_type` or `output_type`, dimension not allowed, output_type / instruct the model does
 *   not support, sparse output on the compatible protocol. Unknown models skip the catalog checks.
 * @param region the client's region: allowed dimensions can differ by region (text-embedding-v3 offers
 *   1024/768/512 in Singapore, down to 64 in Beijing); `undefined` checks against the model's full list.
 */
export function validateEmbeddingParams(
  params: EmbeddingCreateParams,
  protocol: 'native' | 'compatible',
  region?: Region,
): EmbeddingModelInfo | undefined {
  assertParamsObject(params, 'embeddings.create');
  assertModelKind(params.model, 'embedding');
  const texts = typeof params.input === 'string' ? [params.input] : params.input;
  if (!Array.isArray(texts) || texts.length === 0) {
    throw new InputValidationError('input must be a string or a non-empty array of strings.', 'input', { value: params.input });
  }
  texts.forEach((text, index) => {
    if (typeof text !== 'string') throw new InputValidationError(`input[${index}] is not a string (got ${typeof text}).`, `input[${index}]`, { value: text });
    if (text.trim() === '') throw new InputValidationError(`input[${index}] is empty; DashScope rejects empty texts.`, `input[${index}]`, { value: text });
  });
  checkProtocol(params.protocol);
  if (params.text_type !== undefined && !TEXT_TYPES.includes(params.text_type)) {
    throw new InputValidationError(`text_type must be "query" or "document" (got ${JSON.stringify(params.text_type)}).`, 'text_type', {
      value: params.text_type,
      limit: TEXT_TYPES,
    });
  }
  if (params.output_type !== undefined && !OUTPUT_TYPES.includes(params.output_type)) {
    throw new InputValidationError(`output_type must be one of ${OUTPUT_TYPES.join(', ')} (got ${JSON.stringify(params.output_type)}).`, 'output_type', {
      value: params.output_type,
      limit: OUTPUT_TYPES,
    });
  }
  if (params.dimension !== undefined && (!Number.isInteger(params.dimension) || params.dimension < 1)) {
    throw new InputValidationError(`dimension must be a positive integer (got ${String(params.dimension)}).`, 'dimension', { value: params.dimension });
  }
  if (params.instruct !== undefined && typeof params.instruct !== 'string') {
    throw new InputValidationError(`instruct must be a string (got ${typeof params.instruct}).`, 'instruct', { value: params.instruct });
  }
  const model = getEmbeddingModel(params.model);
  if (params.output_type && params.output_type !== 'dense' && protocol === 'compatible') {
    throw new InputValidationError(`output_type "${params.output_type}" needs the native protocol.`, 'output_type', { value: params.output_type, limit: ['dense'] });
  }
  if (!model) return undefined;
  if (texts.length > model.maxBatch) {
    throw new InputValidationError(
      `${model.id} accepts at most ${model.maxBatch} texts per request (got ${texts.length}); use embedMany from dashscope-kit/production to batch.`,
      'input',
      { value: texts.length, limit: model.maxBatch },
    );
  }
  if (params.dimension !== undefined) {
    if (!model.dimensionConfigurable && params.dimension !== model.defaultDimension) {
      throw new InputValidationError(`${model.id} has a fixed dimension of ${model.defaultDimension}.`, 'dimension', {
        value: params.dimension,
        limit: [model.defaultDimension],
      });
    }
    const allowed = allowedDimensions(model, region);
    if (!allowed.includes(params.dimension)) {
      const where = allowed === model.dimensions ? '' : ` in ${region}`;
      throw new InputValidationError(`${model.id} allows dimension ${allowed.join(', ')}${where} (got ${params.dimension}).`, 'dimension', {
        value: params.dimension,
        limit: allowed,
      });
    }
  }
  if (params.output_type && !model.outputTypes.includes(params.output_type)) {
    throw new InputValidationError(`${model.id} supports output_type ${model.outputTypes.join(', ')}.`, 'output_type', {
      value: params.output_type,
      limit: model.outputTypes,
    });
  }
  if (params.instruct !== undefined && !model.supportsInstruct) {
    throw new InputValidationError(`${model.id} does not support instruct (text-embedding-v4 does).`, 'instruct', { value: params.instruct });
  }
  return model;
}

/**
 * Refuses a text over the model's per-text token limit (8,192 for v3/v4, 2,048 for v1/v2). Cheap first:
 * a text whose UTF-8 length is within the limit cannot exceed it; only longer texts are counted
 * exactly with the Qwen tokenizer (loaded on first need). Without a loadable tokenizer the server decides.
 * Limits: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 *
 * @param texts the checked input texts.
 * @param model the catalog entry (unknown models have no local limit).
 * @throws InputValidationError (`param: 'input[i]'`, `value`: its tokens, `limit`: the model's limit).
 */
export async function checkEmbeddingTokens(texts: readonly string[], model: EmbeddingModelInfo | undefined): Promise<void> {
  if (!model) return;
  const limit = model.maxTokensPerText;
  const suspects = texts.flatMap((text, index) => (mayExceedTokens(text, limit) ? [index] : []));
  if (suspects.length === 0) return;
  const counts = await countTokensLazily(suspects.map((index) => texts[index]!));
  if (!counts) return;
  const over = counts.findIndex((count) => count > limit);
  if (over < 0) return;
  const index = suspects[over]!;
  throw new InputValidationError(
    `input[${index}] has ${counts[over]} tokens; ${model.id} accepts at most ${limit} per text. Split it, or use embedMany from dashscope-kit/production (it truncates to the limit).`,
    `input[${index}]`,
    { value: counts[over], limit },
  );
}

/**
 * `client.embeddings`: text embeddings, one request per call.
 * Docs: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export class Embeddings {
  readonly #transport: TransportConfig;
  readonly #defaultProtocol: () => 'native' | 'compatible';
  readonly #region: Region | undefined;

  /** @internal Created by the `DashScope` client; `region` picks the allowed dimensions. */
  constructor(transport: TransportConfig, defaultProtocol: () => 'native' | 'compatible', region?: Region) {
    this.#transport = transport;
    this.#defaultProtocol = defaultProtocol;
    this.#region = region;
  }

  /**
   * Embeds one text or a batch within the model's cap, as one request. Vectors come back in input order
   * and their length is checked against the requested dimension.
   *
   * @example
   * const { embeddings } = await client.embeddings.create({ model: 'text-embedding-v4', input: ['a', 'b'], dimension: 512 });
   *
   * @throws InputValidationError before sending (see {@link validateEmbeddingParams} and
   *   {@link checkEmbeddingTokens}: a text over the model's token limit); ResponseValidationError
   *   when a vector has the wrong length or an index is missing; APIError subclasses and connection errors.
   */
  async create(params: EmbeddingCreateParams, options: RequestOptions = {}): Promise<EmbeddingResult> {
    assertParamsObject(params, 'embeddings.create');
    const protocol = params.protocol ?? this.#defaultProtocol();
    const model = validateEmbeddingParams(params, protocol, this.#region);
    const texts = typeof params.input === 'string' ? [params.input] : params.input;
    if (!areTokensChecked(params)) await checkEmbeddingTokens(texts, model);
    const count = texts.length;
    const expected = params.output_type === 'sparse' ? undefined : (params.dimension ?? model?.defaultDimension);
    const spec = protocol === 'native' ? nativeSpec(params) : compatibleSpec(params);
    const { body } = await requestJSON(this.#transport, spec, options);
    const result = protocol === 'native' ? await parseNative(body, params.model) : await parseCompatible(body, params.model);
    return checkResult(result, count, expected);
  }
}

function nativeSpec(params: EmbeddingCreateParams): CallSpec {
  const parameters: Record<string, unknown> = {};
  if (params.text_type !== undefined) parameters.text_type = params.text_type;
  if (params.dimension !== undefined) parameters.dimension = params.dimension;
  if (params.output_type !== undefined) parameters.output_type = params.output_type;
  if (params.instruct !== undefined) parameters.instruct = params.instruct;
  return { path: PATHS.nativeTextEmbedding, body: { model: params.model, input: { texts: params.input }, parameters } };
}

function compatibleSpec(params: EmbeddingCreateParams): CallSpec {
  const body: Record<string, unknown> = { model: params.model, input: params.input, encoding_format: 'float' };
  if (params.dimension !== undefined) body.dimensions = params.dimension;
  if (params.text_type !== undefined) body.text_type = params.text_type;
  return { path: PATHS.compatibleEmbeddings, body };
}

function invalid(what: string, issues: string[], requestId?: string): never {
  throw new ResponseValidationError(`Unexpected ${what} shape`, issues, requestId);
}

// The wire schemas are imported on first use, not with the root entry: they load zod (issue 12, cold import).
async function parseNative(body: unknown, model: string): Promise<EmbeddingResult> {
  const { NativeEmbeddingResponseSchema } = await import('../../wire/embeddings.js');
  const parsed = NativeEmbeddingResponseSchema.safeParse(body);
  if (!parsed.success) invalid('native embedding response', formatIssues(parsed.error));
  const { output, usage, request_id } = parsed.data;
  const embeddings = output.embeddings.map((item) => {
    const embedding: Embedding = { text_index: item.text_index };
    if (item.embedding) embedding.embedding = item.embedding;
    if (item.sparse_embedding) embedding.sparse_embedding = item.sparse_embedding;
    return embedding;
  });
  return { embeddings, usage: { total_tokens: usage?.total_tokens ?? 0 }, request_id: request_id ?? '', model, dimension: undefined };
}

async function parseCompatible(body: unknown, model: string): Promise<EmbeddingResult> {
  const { CompatibleEmbeddingResponseSchema } = await import('../../wire/embeddings.js');
  const parsed = CompatibleEmbeddingResponseSchema.safeParse(body);
  if (!parsed.success) invalid('embedding list', formatIssues(parsed.error));
  const { data, usage, id } = parsed.data;
  return {
    embeddings: data.map((item) => ({ text_index: item.index, embedding: item.embedding })),
    usage: { total_tokens: usage?.total_tokens ?? 0 },
    request_id: id ?? '',
    model,
    dimension: undefined,
  };
}

function checkResult(result: EmbeddingResult, count: number, expected: number | undefined): EmbeddingResult {
  result.embeddings.sort((left, right) => left.text_index - right.text_index);
  const issues: string[] = [];
  if (result.embeddings.length !== count) issues.push(`expected ${count} embeddings, got ${result.embeddings.length}`);
  result.embeddings.forEach((item, position) => {
    if (item.text_index !== position) issues.push(`text_index ${item.text_index} at position ${position}`);
  });
  const first = result.embeddings.find((item) => item.embedding)?.embedding?.length;
  const dimension = expected ?? first;
  for (const item of result.embeddings) {
    if (item.embedding && item.embedding.length !== dimension) {
      issues.push(`embedding ${item.text_index} has ${item.embedding.length} dimensions, expected ${dimension}`);
      break;
    }
  }
  if (issues.length > 0) invalid('embedding result', issues, result.request_id);
  result.dimension = dimension;
  return result;
}
