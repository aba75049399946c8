import { getEmbeddingModel, getMultimodalEmbeddingModel } from '../models/catalog.js';
import { CompatibleEmbeddingRequestSchema, type CompatibleEmbeddingResponse } from '../wire/embeddings.js';
import { parseEmbeddingBody, prepareEmbedding } from './embed-texts.js';
import { float32Base64 } from './float32-base64.js';
import type { CallInput, ParsedCall } from './parsed-call.js';
import { lookupModel } from './lookup-model.js';
import { modelNotSupported } from './wire-error.js';

/**
 * `POST /compatible-mode/v1/embeddings`: validates with the SDK's {@link CompatibleEmbeddingRequestSchema}
 * and the catalog, and answers OpenAI's shape
 * `{"data":[{"embedding","index","object":"embedding"}],"model","object":"list","usage":{"prompt_tokens","total_tokens"},"id"}`
 * (https://www.alibabacloud.com/help/en/model-studio/embedding-interfaces-compatible-with-openai);
 * with `encoding_format: "base64"` (what OpenAI clients send by default) each embedding is
 * {@link float32Base64} of the same vector.
 *
 * @throws WireError 404 `model_not_found` for an unknown model, 404 `model_not_supported` for a multimodal
 *   embedding model (native only, as DashScope answers), 400 for the limits of {@link prepareEmbedding}.
 */
export async function compatibleEmbeddingCall(input: CallInput): Promise<ParsedCall> {
  const multimodal = getMultimodalEmbeddingModel(String((input.body as { model?: unknown } | null)?.model));
  if (multimodal) throw modelNotSupported(multimodal.id);
  const model = lookupModel(input.body, getEmbeddingModel);
  if (!model.protocols.includes('compatible')) throw modelNotSupported(model.id);
  const request = parseEmbeddingBody(CompatibleEmbeddingRequestSchema, input.body);
  const texts = typeof request.input === 'string' ? [request.input] : request.input;
  const prepared = await prepareEmbedding({
    model,
    texts,
    dimension: request.dimensions,
    outputType: 'dense',
    overLimit: input.embeddingOverLimit,
  });
  return {
    endpoint: 'embeddings',
    protocol: 'compatible',
    model: model.id,
    stream: false,
    inputTokens: prepared.tokens,
    items: texts.length,
    async produce() {
      const vectors = await prepared.compute();
      const body = {
        data: vectors.map((vector, index) => ({ embedding: vector.dense ?? [], index, object: 'embedding' })),
        model: model.id,
        object: 'list',
        usage: { prompt_tokens: prepared.tokens, total_tokens: prepared.tokens },
        id: input.requestId,
      } satisfies CompatibleEmbeddingResponse;
      if (request.encoding_format !== 'base64') return { type: 'json', body, outputTokens: 0 };
      const data = body.data.map((entry) => ({ ...entry, embedding: float32Base64(entry.embedding) }));
      return { type: 'json', body: { ...body, data }, outputTokens: 0 };
    },
  };
}
