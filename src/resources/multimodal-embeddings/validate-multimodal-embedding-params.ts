import { checkProtocol } from '../../core/check-options.js';
import { InputValidationError } from '../../core/errors.js';
import { getMultimodalEmbeddingModel } from '../../models/catalog.js';
import type { MultimodalContentType, MultimodalEmbeddingModelInfo } from '../../models/model-info.js';
import { assertModelKind } from '../assert-model-kind.js';
import { assertParamsObject } from '../assert-params-object.js';
import { dataUriBytes } from './data-uri-bytes.js';
import type { MultimodalEmbeddingCreateParams } from './multimodal-embedding-types.js';

const TYPES: readonly MultimodalContentType[] = ['text', 'image', 'video'];
const MB = 1024 * 1024;

/** The type of a checked content element (`{ text }`, `{ image }` or `{ video }`). */
export function contentType(content: object): MultimodalContentType {
  return TYPES.find((type) => type in content)!;
}

function checkContent(content: unknown, index: number): MultimodalContentType {
  const param = `input.contents[${index}]`;
  if (!content || typeof content !== 'object' || Array.isArray(content)) {
    throw new InputValidationError(`${param} must be an object { text } | { image } | { video }.`, param, { value: content, limit: TYPES });
  }
  const keys = Object.keys(content);
  const type = keys[0] as MultimodalContentType;
  if (keys.length !== 1 || !TYPES.includes(type)) {
    throw new InputValidationError(`${param} must have exactly one key of text, image or video (got ${keys.join(', ') || 'none'}).`, param, { value: keys, limit: TYPES });
  }
  const value = (content as Record<string, unknown>)[type];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InputValidationError(`${param}.${type} must be a non-empty string${type === 'text' ? '' : ' (a URL or a data: URI)'}.`, `${param}.${type}`, { value });
  }
  return type;
}

function checkParameters(parameters: MultimodalEmbeddingCreateParams['parameters']): void {
  if (parameters === undefined) return;
  if (!parameters || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw new InputValidationError('parameters must be an object.', 'parameters', { value: parameters });
  }
  const { dimension, enable_fusion, fps, instruct } = parameters;
  if (dimension !== undefined && (!Number.isInteger(dimension) || dimension < 1)) {
    throw new InputValidationError(`parameters.dimension must be a positive integer (got ${String(dimension)}).`, 'parameters.dimension', { value: dimension });
  }
  if (enable_fusion !== undefined && typeof enable_fusion !== 'boolean') {
    throw new InputValidationError(`parameters.enable_fusion must be a boolean (got ${typeof enable_fusion}).`, 'parameters.enable_fusion', { value: enable_fusion });
  }
  if (fps !== undefined && !(typeof fps === 'number' && fps >= 0 && fps <= 1)) {
    throw new InputValidationError(`parameters.fps must be a number in [0, 1] (got ${String(fps)}).`, 'parameters.fps', { value: fps, limit: [0, 1] });
  }
  if (instruct !== undefined && typeof instruct !== 'string') {
    throw new InputValidationError(`parameters.instruct must be a string (got ${typeof instruct}).`, 'parameters.instruct', { value: instruct });
  }
}

function checkMediaSize(value: string, type: 'image' | 'video', index: number, model: MultimodalEmbeddingModelInfo | undefined): void {
  const bytes = dataUriBytes(value);
  const param = `input.contents[${index}].${type}`;
  if (bytes === 'invalid') throw new InputValidationError(`${param} is a base64 data: URI with characters outside the base64 alphabet.`, param);
  if (bytes === undefined || !model) return;
  const limit = type === 'image' ? model.maxImageBytes : model.maxVideoBytes;
  if (bytes > limit) {
    throw new InputValidationError(
      `${param} is ${(bytes / MB).toFixed(2)} MB once decoded; ${model.id} accepts ${type}s up to ${limit / MB} MB.`,
      param,
      { value: bytes, limit },
    );
  }
}

/**
 * Checks multimodal embedding params against the catalog before anything is sent (the text token limit
 * is checked separately by `checkMultimodalTextTokens`, which may need the tokenizer).
 * Limits: https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference
 *
 * @returns the catalog entry, or `undefined` for a model the catalog does not know (then only the shape
 *   and data: URI syntax are checked).
 * @throws InputValidationError naming the parameter, the value and the limit: params not an object, a
 *   catalog model of another kind, `protocol: 'compatible'` (the service rejects these models there),
 *   contents empty or an element not exactly one of `{ text }`, `{ image }`, `{ video }` with a non-empty
 *   string, bad `parameters`, more elements than the model takes per request (qwen3-vl-embedding: 20), more
 *   than one element of a type where the model allows one (qwen2.5-vl-embedding), a base64 image or video
 *   over the model's size once decoded (qwen3-vl-embedding: 5 MB / 50 MB; tongyi-embedding-vision-*: 3 MB /
 *   10 MB), a dimension the model does not offer, or `enable_fusion` on a model without fusion.
 */
export function validateMultimodalEmbeddingParams(params: MultimodalEmbeddingCreateParams): MultimodalEmbeddingModelInfo | undefined {
  assertParamsObject(params, 'multimodalEmbeddings.create');
  assertModelKind(params.model, 'multimodal-embedding');
  checkProtocol(params.protocol);
  if (params.protocol === 'compatible') {
    throw new InputValidationError(
      `Multimodal embedding models are served only on the native protocol; compatible mode answers "Unsupported model ${params.model} for OpenAI compatibility mode".`,
      'protocol',
      { value: params.protocol, limit: ['native'] },
    );
  }
  const contents = (params.input as { contents?: unknown } | undefined)?.contents;
  if (!Array.isArray(contents) || contents.length === 0) {
    throw new InputValidationError('input.contents must be a non-empty array of { text } | { image } | { video }.', 'input.contents', { value: contents });
  }
  const types = contents.map((content, index) => checkContent(content, index));
  checkParameters(params.parameters);
  const model = getMultimodalEmbeddingModel(params.model);
  types.forEach((type, index) => {
    if (type !== 'text') checkMediaSize((contents[index] as Record<string, string>)[type]!, type, index, model);
  });
  if (!model) return undefined;
  if (model.maxContents !== undefined && contents.length > model.maxContents) {
    throw new InputValidationError(
      `${model.id} accepts at most ${model.maxContents} content elements per request (got ${contents.length}); use embedMultimodalMany from dashscope-kit/production to batch.`,
      'input.contents',
      { value: contents.length, limit: model.maxContents },
    );
  }
  for (const type of TYPES) {
    const cap = model.maxContentsByType?.[type];
    const count = types.filter((each) => each === type).length;
    if (cap !== undefined && count > cap) {
      throw new InputValidationError(`${model.id} accepts at most ${cap} ${type} element${cap === 1 ? '' : 's'} per request (got ${count}).`, 'input.contents', {
        value: count,
        limit: cap,
      });
    }
  }
  const dimension = params.parameters?.dimension;
  if (dimension !== undefined && !model.dimensions.includes(dimension)) {
    throw new InputValidationError(`${model.id} allows dimension ${model.dimensions.join(', ')} (got ${dimension}).`, 'parameters.dimension', {
      value: dimension,
      limit: model.dimensions,
    });
  }
  if (params.parameters?.enable_fusion === true && !model.supportsFusion) {
    throw new InputValidationError(`${model.id} does not take enable_fusion (qwen3-vl-embedding does).`, 'parameters.enable_fusion', { value: true });
  }
  return model;
}
