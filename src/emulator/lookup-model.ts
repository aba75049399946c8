import type { ModelInfo } from '../models/model-info.js';
import { modelNotExist } from './wire-error.js';

/**
 * Finds the catalog model a request body names (`model`), with one of the catalog's typed lookups
 * (`getEmbeddingModel`, `getRerankModel`, `getChatModel`, `getModelInfo`).
 *
 * @throws WireError "Model not exist." (compatible: 404 `model_not_found`) when `model` is missing,
 *   not a string, unknown, or of another kind.
 */
export function lookupModel<T extends ModelInfo>(body: unknown, find: (id: string) => T | undefined): T {
  const name = (body as { model?: unknown } | null)?.model;
  const model = typeof name === 'string' ? find(name) : undefined;
  if (!model) throw modelNotExist(typeof name === 'string' ? name : '');
  return model;
}
