import { InputValidationError } from '../core/errors.js';
import { getModelInfo } from '../models/catalog.js';
import type { ModelInfo } from '../models/model-info.js';

const METHOD: Record<ModelInfo['kind'], string> = {
  chat: 'client.chat.create',
  embedding: 'client.embeddings.create',
  rerank: 'client.rerank.create',
  'multimodal-embedding': 'client.multimodalEmbeddings.create',
};

const article = (kind: string): string => (/^[aeiou]/.test(kind) ? 'an' : 'a');

/**
 * Refuses a catalog model of another kind than the method serves (a rerank model sent to embeddings,
 * an embedding model to chat), which DashScope answers with a confusing 400 or 404. Models the catalog
 * does not know pass: they stay callable. Catalog: https://www.alibabacloud.com/help/en/model-studio/models
 *
 * @param model the `model` parameter (already checked to be a non-empty string).
 * @param kind what the calling method serves.
 * @throws InputValidationError (`param: 'model'`, `value`: the id, `limit`: the kind expected).
 */
export function assertModelKind(model: string, kind: ModelInfo['kind']): void {
  const info = getModelInfo(model);
  if (!info || info.kind === kind) return;
  throw new InputValidationError(
    `${model} is ${article(info.kind)} ${info.kind} model, not ${article(kind)} ${kind} model; call it with ${METHOD[info.kind]}.`,
    'model',
    { value: model, limit: kind },
  );
}
