import type { z } from 'zod';
import { truncateToTokens } from '../tokenizer/index.js';
import { countTokensCached } from './count-tokens-cached.js';
import type { EmbeddingModelInfo } from '../models/model-info.js';
import type { SparseEntry } from '../wire/embeddings.js';
import { lexicalEmbedding } from './lexical-embedding.js';
import { sparseEmbedding } from './sparse-embedding.js';
import { invalidBody, invalidParameter } from './wire-error.js';

/**
 * Validates an embedding request body with the SDK's strict schema of its protocol. Input that is
 * neither a string nor a list of strings gets DashScope's own message.
 *
 * @throws WireError 400 "Value error, contents is neither str nor list of str. : input.contents", or
 *   400 naming the first invalid field.
 */
export function parseEmbeddingBody<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  if (parsed.error.issues.some((issue) => issue.path[0] === 'input')) {
    throw invalidParameter('Value error, contents is neither str nor list of str. : input.contents');
  }
  throw invalidBody(parsed.error.issues);
}

/** What both embedding endpoints ask for, after their own envelope is unwrapped. */
export interface EmbeddingAsk {
  model: EmbeddingModelInfo;
  texts: readonly string[];
  dimension: number | undefined;
  outputType: 'dense' | 'sparse' | 'dense&sparse';
  overLimit: 'error' | 'truncate';
}

/** Validated texts with their token counts, and the computation of their vectors. */
export interface PreparedEmbedding {
  tokens: number;
  dimension: number;
  compute(): Promise<{ dense: number[] | undefined; sparse: SparseEntry[] | undefined }[]>;
}

/**
 * Checks an embedding request against the model catalog as DashScope does and counts its tokens with
 * the Qwen tokenizer (https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api):
 * batch size ≤ `maxBatch` ("Value error, batch size is invalid, it should not be larger than N.: input.contents"),
 * every text non-empty and ≤ `maxTokensPerText` tokens ("Range of input length should be [1, N]", or
 * truncated when `overLimit` is `truncate`), `dimension` one of the model's dimensions, `output_type`
 * one the model supports. Vectors are {@link lexicalEmbedding} and {@link sparseEmbedding} of each text.
 *
 * @throws WireError 400 `InvalidParameter` for any of the above.
 */
export async function prepareEmbedding(ask: EmbeddingAsk): Promise<PreparedEmbedding> {
  const { model, texts } = ask;
  if (texts.length === 0) throw invalidParameter(`Range of input length should be [1, ${model.maxBatch}]`);
  if (texts.length > model.maxBatch) {
    throw invalidParameter(`Value error, batch size is invalid, it should not be larger than ${model.maxBatch}.: input.contents`);
  }
  const dimension = ask.dimension ?? model.defaultDimension;
  if (!model.dimensions.includes(dimension) || (!model.dimensionConfigurable && ask.dimension !== undefined && ask.dimension !== dimension)) {
    throw invalidParameter(`Value error, dimension should be one of [${model.dimensions.join(', ')}]: parameters.dimension`);
  }
  if (!model.outputTypes.includes(ask.outputType)) {
    throw invalidParameter(`Value error, output_type should be one of [${model.outputTypes.join(', ')}]: parameters.output_type`);
  }
  const counts = await countTokensCached(texts);
  const inputs = [...texts];
  let tokens = 0;
  for (let index = 0; index < inputs.length; index++) {
    let count = counts[index] ?? 0;
    if (count === 0 || count > model.maxTokensPerText) {
      if (count === 0 || ask.overLimit === 'error') throw invalidParameter(`Range of input length should be [1, ${model.maxTokensPerText}]`);
      const truncated = await truncateToTokens(inputs[index] as string, model.maxTokensPerText);
      inputs[index] = truncated.text;
      count = truncated.tokens;
    }
    tokens += count;
  }
  const dense = ask.outputType !== 'sparse';
  const sparse = ask.outputType !== 'dense';
  return {
    tokens,
    dimension,
    compute: () =>
      Promise.all(
        inputs.map(async (text) => ({
          dense: dense ? lexicalEmbedding(text, dimension) : undefined,
          sparse: sparse ? await sparseEmbedding(text) : undefined,
        })),
      ),
  };
}
