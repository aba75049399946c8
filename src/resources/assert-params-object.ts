import { InputValidationError } from '../core/errors.js';

/**
 * Refuses params that are not an object with a non-empty string `model`, so `create(null)` or
 * `create({ model: 42 })` is a typed error rather than a `TypeError` deep inside the SDK.
 *
 * @param params what the caller passed as the first argument.
 * @param method the method's name for the message, e.g. `embeddings.create`.
 * @throws InputValidationError (`param: 'params'` or `'model'`).
 */
export function assertParamsObject(params: unknown, method: string): asserts params is { model: string } {
  if (!params || typeof params !== 'object' || Array.isArray(params)) {
    throw new InputValidationError(`${method} expects a params object (got ${params === null ? 'null' : Array.isArray(params) ? 'an array' : typeof params}).`, 'params', {
      value: params,
    });
  }
  const model = (params as { model?: unknown }).model;
  if (typeof model !== 'string' || model.trim() === '') {
    throw new InputValidationError(`model is required: a DashScope model id such as "qwen-plus" (got ${JSON.stringify(model) ?? 'undefined'}).`, 'model', { value: model });
  }
}
