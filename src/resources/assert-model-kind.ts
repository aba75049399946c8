import { InputValidationError } from '../core/errors.js';
import { getModelInfo } from '../models/catalog.js';
import type { ModelInfo } from '../models/model-info.js';

const METHOD: Record<ModelInfo['kind'], string> = {
  chat: 'client.chat.create',
  embedding: 'client.embeddings.create',
  rerank: 'client.rerank.create',
};

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
    `${model} is a${info.kind === 'embedding' ? 'n' : ''} ${info.kind} model, not a${kind === 'embedding' ? 'n' : ''} ${kind} model; call it with ${METHOD[info.kind]}.`,
    'model',
    { value: model, limit: kind },
  );
}
