import { ResponseValidationError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestJSON, type TransportConfig } from '../../core/transport.js';
import { formatIssues } from '../../wire/format-issues.js';
import { PATHS } from '../../wire/paths.js';
import { areTokensChecked } from '../tokens-checked.js';
import type { MultimodalEmbeddingCreateParams, MultimodalEmbeddingResult } from './multimodal-embedding-types.js';
import { validateMultimodalEmbeddingParams } from './validate-multimodal-embedding-params.js';

/**
 * `client.multimodalEmbeddings`: text, image and video embeddings in one vector space, on the native
 * endpoint only (`POST /api/v1/services/embeddings/multimodal-embedding/multimodal-embedding`).
 * Docs: https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference
 */
export class MultimodalEmbeddings {
  readonly #transport: TransportConfig;

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig) {
    this.#transport = transport;
  }

  /**
   * Embeds the elements of `input.contents` as one request: one vector per element in element order, or
   * one fused vector with `parameters.enable_fusion` (qwen3-vl-embedding). Vector lengths are checked
   * against `parameters.dimension` when given, and against each other otherwise. The native protocol is
   * used whatever the client's default, since compatible mode rejects these models.
   *
   * @example
   * const { embeddings } = await client.multimodalEmbeddings.create({
   *   model: 'qwen3-vl-embedding',
   *   input: { contents: [{ text: 'a red bicycle' }, { image: 'https://example.com/bike.jpg' }] },
   *   parameters: { dimension: 512 },
   * });
   *
   * @throws InputValidationError before sending (see `validateMultimodalEmbeddingParams`, and a text
   *   over the model's token limit); ResponseValidationError when the count, indexes or lengths of the
   *   vectors are wrong; APIError subclasses and connection errors.
   */
  async create(params: MultimodalEmbeddingCreateParams, options: RequestOptions = {}): Promise<MultimodalEmbeddingResult> {
    const model = validateMultimodalEmbeddingParams(params);
    // Imported on first use, not with the root entry (issue 12, cold import).
    if (!areTokensChecked(params)) await (await import('./check-multimodal-text-tokens.js')).checkMultimodalTextTokens(params.input.contents, model);
    const fused = params.parameters?.enable_fusion === true;
    const body: Record<string, unknown> = { model: params.model, input: { contents: params.input.contents } };
    if (params.parameters && Object.keys(params.parameters).length > 0) body.parameters = params.parameters;
    const response = await requestJSON(this.#transport, { path: PATHS.nativeMultimodalEmbedding, body }, options);
    return parseResult(response.body, params, fused);
  }
}

// The wire schema is imported on first use, not with the root entry: it loads zod (issue 12, cold import).
async function parseResult(body: unknown, params: MultimodalEmbeddingCreateParams, fused: boolean): Promise<MultimodalEmbeddingResult> {
  const { MultimodalEmbeddingResponseSchema } = await import('../../wire/multimodal-embeddings.js');
  const parsed = MultimodalEmbeddingResponseSchema.safeParse(body);
  if (!parsed.success) throw new ResponseValidationError('Unexpected multimodal embedding response shape', formatIssues(parsed.error));
  const { output, usage, request_id = '' } = parsed.data;
  const embeddings = output.embeddings
    .map((item) => ({ index: item.index, embedding: item.embedding, type: item.type }))
    .sort((left, right) => left.index - right.index);
  const expectedCount = fused ? 1 : params.input.contents.length;
  const dimension = params.parameters?.dimension ?? embeddings[0]?.embedding.length ?? 0;
  const issues: string[] = [];
  if (embeddings.length !== expectedCount) issues.push(`expected ${expectedCount} embeddings, got ${embeddings.length}`);
  embeddings.forEach((item, position) => {
    if (item.index !== position) issues.push(`index ${item.index} at position ${position}`);
    if (item.embedding.length !== dimension) issues.push(`embedding ${item.index} has ${item.embedding.length} dimensions, expected ${dimension}`);
  });
  if (issues.length > 0) throw new ResponseValidationError('Unexpected multimodal embedding result', issues.slice(0, 10), request_id);
  const counters: Record<string, number> = {};
  for (const [key, value] of Object.entries(usage ?? {})) if (typeof value === 'number') counters[key] = value;
  return {
    embeddings,
    usage: { ...counters, input_tokens: usage?.input_tokens ?? 0, image_tokens: usage?.image_tokens ?? 0 },
    request_id,
    model: params.model,
    dimension,
    fused,
  };
}
