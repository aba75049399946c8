import { getEmbeddingModel } from '../models/catalog.js';
import { NativeEmbeddingRequestSchema, type NativeEmbeddingResponse } from '../wire/embeddings.js';
import { parseEmbeddingBody, prepareEmbedding } from './embed-texts.js';
import { lookupModel } from './lookup-model.js';
import type { CallInput, ParsedCall } from './parsed-call.js';

/**
 * `POST /api/v1/services/embeddings/text-embedding/text-embedding`: validates with the SDK's
 * {@link NativeEmbeddingRequestSchema} and the catalog, and answers
 * `{"output":{"embeddings":[{"embedding","text_index"}|…+"sparse_embedding"]},"usage":{"total_tokens"},"request_id"}`
 * (https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api).
 *
 * @throws WireError 400 for an unknown model ("Model not exist."), input that is neither a string nor a
 *   list of strings, and every limit checked by {@link prepareEmbedding}.
 */
export async function nativeEmbeddingCall(input: CallInput): Promise<ParsedCall> {
  const model = lookupModel(input.body, getEmbeddingModel);
  const request = parseEmbeddingBody(NativeEmbeddingRequestSchema, input.body);
  const texts = typeof request.input.texts === 'string' ? [request.input.texts] : request.input.texts;
  const prepared = await prepareEmbedding({
    model,
    texts,
    dimension: request.parameters?.dimension,
    outputType: request.parameters?.output_type ?? 'dense',
    overLimit: input.embeddingOverLimit,
  });
  return {
    endpoint: 'embeddings',
    protocol: 'native',
    model: model.id,
    stream: false,
    inputTokens: prepared.tokens,
    items: texts.length,
    async produce() {
      const vectors = await prepared.compute();
      const body = {
        output: {
          embeddings: vectors.map((vector, index) => ({
            ...(vector.sparse ? { sparse_embedding: vector.sparse } : {}),
            ...(vector.dense ? { embedding: vector.dense } : {}),
            text_index: index,
          })),
        },
        usage: { total_tokens: prepared.tokens },
        request_id: input.requestId,
      } satisfies NativeEmbeddingResponse;
      return { type: 'json', body, outputTokens: 0 };
    },
  };
}
