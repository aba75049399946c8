import { getMultimodalEmbeddingModel } from '../../models/catalog.js';
import type { MultimodalEmbeddingModelInfo } from '../../models/model-info.js';
import { dataUriBytes } from '../../resources/multimodal-embeddings/data-uri-bytes.js';
import { truncateToTokens } from '../../tokenizer/index.js';
import { MultimodalEmbeddingRequestSchema, type MultimodalContent, type MultimodalEmbeddingResponse } from '../../wire/multimodal-embeddings.js';
import { countTokensCached } from '../count-tokens-cached.js';
import { lookupModel } from '../lookup-model.js';
import type { CallInput, ParsedCall } from '../parsed-call.js';
import { MEDIA_ITEM_TOKENS } from '../rank-documents.js';
import { invalidBody, invalidParameter } from '../wire-error.js';
import { fusedVector, mediaVector } from './media-vector.js';

const TYPES = ['text', 'image', 'video'] as const;

function checkCaps(model: MultimodalEmbeddingModelInfo, contents: readonly MultimodalContent[]): void {
  if (model.maxContents !== undefined && contents.length > model.maxContents) {
    throw invalidParameter(`Value error, batch size is invalid, it should not be larger than ${model.maxContents}.: input.contents`);
  }
  for (const type of TYPES) {
    const cap = model.maxContentsByType?.[type];
    const count = contents.filter((content) => type in content).length;
    if (cap !== undefined && count > cap) throw invalidParameter(`Value error, at most ${cap} ${type} per request: input.contents`);
  }
  contents.forEach((content, index) => {
    if ('text' in content) return;
    const type = 'image' in content ? 'image' : 'video';
    const bytes = dataUriBytes('image' in content ? content.image : content.video);
    if (bytes === 'invalid') throw invalidParameter(`Value error, ${type} is not valid base64 data: input.contents[${index}].${type}`);
    const limit = type === 'image' ? model.maxImageBytes : model.maxVideoBytes;
    if (bytes !== undefined && bytes > limit) {
      throw invalidParameter(`Value error, ${type} size exceeds the limit of ${limit / (1024 * 1024)} MB: input.contents[${index}].${type}`);
    }
  });
}

/**
 * `POST /api/v1/services/embeddings/multimodal-embedding/multimodal-embedding`: validates with the SDK's
 * strict {@link MultimodalEmbeddingRequestSchema} and the catalog, and answers
 * `{"output":{"embeddings":[{"index","embedding","type"}]},"usage":{"input_tokens","image_tokens","input_tokens_details","output_tokens","total_tokens"},"request_id"}`
 * (https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference). Vectors are
 * deterministic ({@link mediaVector}, {@link fusedVector} with `enable_fusion`), of the requested
 * dimension (default: the model's) and unit length. Text is counted with the Qwen tokenizer; each
 * image counts {@link MEDIA_ITEM_TOKENS}.image tokens and each video .video (the emulator's own figures).
 *
 * @throws WireError 400 `InvalidParameter` for an unknown model ("Model not exist."), a body the schema
 *   rejects, more elements than the model takes ("batch size is invalid, it should not be larger than N"),
 *   more of one type than allowed, a base64 medium over the model's size or not base64, a text over the
 *   token limit ("Range of input length should be [1, N]", unless `embeddingOverLimit` is truncate), a
 *   dimension the model lacks, or `enable_fusion` on a model without it. The limit messages are modelled
 *   on the text embedding endpoint's; the documentation does not quote these.
 */
export async function nativeMultimodalEmbeddingCall(input: CallInput): Promise<ParsedCall> {
  const model = lookupModel(input.body, getMultimodalEmbeddingModel);
  const parsed = MultimodalEmbeddingRequestSchema.safeParse(input.body);
  if (!parsed.success) throw invalidBody(parsed.error.issues);
  const { contents } = parsed.data.input;
  const parameters = parsed.data.parameters ?? {};
  checkCaps(model, contents);
  const dimension = parameters.dimension ?? model.defaultDimension;
  if (!model.dimensions.includes(dimension)) {
    throw invalidParameter(`Value error, dimension should be one of [${model.dimensions.join(', ')}]: parameters.dimension`);
  }
  const fused = parameters.enable_fusion === true;
  if (fused && !model.supportsFusion) throw invalidParameter('Value error, enable_fusion is not supported by this model: parameters.enable_fusion');
  const texts = contents.flatMap((content) => ('text' in content ? [content.text] : []));
  const counts = await countTokensCached(texts);
  const elements = [...contents];
  let textTokens = 0;
  let next = 0;
  for (let index = 0; index < elements.length; index++) {
    const content = elements[index]!;
    if (!('text' in content)) continue;
    let count = counts[next++] ?? 0;
    if (count > model.maxTextTokens) {
      if (input.embeddingOverLimit === 'error') throw invalidParameter(`Range of input length should be [1, ${model.maxTextTokens}]`);
      const cut = await truncateToTokens(content.text, model.maxTextTokens);
      elements[index] = { text: cut.text };
      count = cut.tokens;
    }
    textTokens += count;
  }
  const mediaTokens = contents.reduce((sum, content) => sum + ('image' in content ? MEDIA_ITEM_TOKENS.image : 'video' in content ? MEDIA_ITEM_TOKENS.video : 0), 0);
  const inputTokens = textTokens + mediaTokens;
  return {
    endpoint: 'embeddings',
    protocol: 'native',
    model: model.id,
    stream: false,
    inputTokens,
    items: contents.length,
    async produce() {
      const embeddings = fused
        ? [{ index: 0, embedding: fusedVector(elements, dimension), type: 'fused' }]
        : elements.map((content, index) => ({ index, embedding: mediaVector(content, dimension), type: TYPES.find((type) => type in content)! }));
      const body = {
        output: { embeddings },
        usage: {
          input_tokens: inputTokens,
          image_tokens: mediaTokens,
          input_tokens_details: { text_tokens: textTokens, image_tokens: mediaTokens },
          output_tokens: 0,
          total_tokens: inputTokens,
        },
        request_id: input.requestId,
      } satisfies MultimodalEmbeddingResponse;
      return { type: 'json', body, outputTokens: 0 };
    },
  };
}
