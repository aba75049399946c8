import { checkProtocol } from '../../core/check-options.js';
import { InputValidationError } from '../../core/errors.js';
import { getRerankModel } from '../../models/catalog.js';
import type { RerankModelInfo } from '../../models/model-info.js';
import { assertModelKind } from '../assert-model-kind.js';
import { assertParamsObject } from '../assert-params-object.js';
import type { RerankCreateParams, RerankMultimodalItem } from './rerank-types.js';

function itemKind(item: unknown, where: string): 'text' | 'image' | 'video' {
  if (typeof item === 'string') {
    if (item.trim() === '') throw new InputValidationError(`${where} is empty.`, where, { value: item });
    return 'text';
  }
  if (!item || typeof item !== 'object' || Object.keys(item).length !== 1) {
    throw new InputValidationError(`${where} must be a string or one of {text}, {image}, {video}.`, where, { value: item });
  }
  const [[key, value]] = Object.entries(item as RerankMultimodalItem) as [[string, unknown]];
  if (key !== 'text' && key !== 'image' && key !== 'video') {
    throw new InputValidationError(`${where} has unknown type "${key}"; expected text, image or video.`, where, { value: item });
  }
  if (typeof value !== 'string' || value.trim() === '') throw new InputValidationError(`${where}.${key} must be a non-empty string.`, where, { value: item });
  return key;
}

/**
 * Checks rerank params before anything is sent.
 * @throws InputValidationError (naming the field, the value and the limit): params not an object, a model
 *   of another kind (an embedding or chat model), empty query or documents, empty or non-string documents on text models,
 *   unknown item types, `top_n` < 1, more documents (per type, for qwen3-vl-rerank) than the model accepts,
 *   `instruct` on a model that ignores it.
 */
export function validateRerankParams(params: RerankCreateParams): RerankModelInfo | undefined {
  assertParamsObject(params, 'rerank.create');
  assertModelKind(params.model, 'rerank');
  const model = getRerankModel(params.model);
  const multimodal = model?.multimodal ?? false;
  itemKind(params.query, 'query');
  if (model && !multimodal && typeof params.query !== 'string') throw new InputValidationError(`${model.id} accepts a text query only.`, 'query', { value: params.query });
  if (!Array.isArray(params.documents) || params.documents.length === 0) {
    throw new InputValidationError('documents must be a non-empty array.', 'documents', { value: params.documents });
  }
  const counts = { text: 0, image: 0, video: 0 };
  params.documents.forEach((document, index) => {
    const where = `documents[${index}]`;
    if (model && !multimodal && typeof document !== 'string') throw new InputValidationError(`${where} must be a string for ${model.id}.`, where, { value: document });
    counts[itemKind(document, where)]++;
  });
  if (params.top_n !== undefined && (!Number.isInteger(params.top_n) || params.top_n < 1)) {
    throw new InputValidationError(`top_n must be an integer ≥ 1 (got ${params.top_n}).`, 'top_n', { value: params.top_n, limit: '≥ 1' });
  }
  if (params.fps !== undefined && !(params.fps >= 0 && params.fps <= 1)) throw new InputValidationError('fps must be in [0, 1].', 'fps', { value: params.fps, limit: '[0, 1]' });
  checkProtocol(params.protocol);
  if (params.instruct !== undefined && typeof params.instruct !== 'string') {
    throw new InputValidationError(`instruct must be a string (got ${typeof params.instruct}).`, 'instruct', { value: params.instruct });
  }
  if (params.return_documents !== undefined && typeof params.return_documents !== 'boolean') {
    throw new InputValidationError(`return_documents must be a boolean (got ${typeof params.return_documents}).`, 'return_documents', { value: params.return_documents });
  }
  if (!model) return undefined;
  if (params.instruct !== undefined && !model.supportsInstruct) {
    throw new InputValidationError(`${model.id} does not support instruct (qwen3-rerank and qwen3-vl-rerank do).`, 'instruct', { value: params.instruct });
  }
  if (params.documents.length > model.maxDocuments && !model.maxDocumentsByType) {
    throw new InputValidationError(
      `${model.id} accepts at most ${model.maxDocuments} documents per request (got ${params.documents.length}); use rerankMany from dashscope-kit/production.`,
      'documents',
      { value: params.documents.length, limit: model.maxDocuments },
    );
  }
  if (model.maxDocumentsByType) {
    for (const kind of ['text', 'image', 'video'] as const) {
      if (counts[kind] > model.maxDocumentsByType[kind]) {
        throw new InputValidationError(
          `${model.id} accepts at most ${model.maxDocumentsByType[kind]} ${kind} documents per request (got ${counts[kind]}).`,
          'documents',
          { value: counts[kind], limit: model.maxDocumentsByType[kind] },
        );
      }
    }
  }
  return model;
}
