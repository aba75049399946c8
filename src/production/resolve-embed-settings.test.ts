import { describe, expect, it } from 'vitest';
import { EmbeddingCache } from '../cache/embedding-cache.js';
import { InputValidationError } from '../core/errors.js';
import { resolveEmbedSettings, type EmbedParams } from './resolve-embed-settings.js';

const resolve = (params: Partial<EmbedParams>) => resolveEmbedSettings({ model: 'text-embedding-v4', ...params }, 'native');
const refused = (params: Partial<EmbedParams>, param: string) => {
  let caught: unknown;
  try {
    resolve(params);
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(InputValidationError);
  expect((caught as InputValidationError).param).toBe(param);
};

describe('resolveEmbedSettings', () => {
  it('fills defaults from the catalog: 10 rows, 8,192 tokens per text, dimension 1024, error policies', () => {
    expect(resolve({})).toMatchObject({
      maxBatchSize: 10,
      maxTokensPerText: 8_192,
      dimension: 1024,
      concurrency: 8,
      maxAttempts: 8,
      onEmpty: 'error',
      onTooLong: 'error',
      maxBatchTokens: Infinity,
    });
    expect(resolve({ model: 'text-embedding-v2' })).toMatchObject({ maxBatchSize: 25, maxTokensPerText: 2_048, dimension: 1536 });
  });

  it('sizes the default retry budget to the concurrency', () => {
    expect(resolve({}).retryBudget.available).toBe(500);
    expect(resolve({ concurrency: 32 }).retryBudget.available).toBe(1_280);
  });

  it('refuses what the model does not accept, naming the parameter', () => {
    refused({ dimension: 100 }, 'dimension');
    refused({ maxBatchSize: 11 }, 'maxBatchSize');
    refused({ model: 'text-embedding-v3', instruct: 'x' }, 'instruct');
    refused({ output_type: 'sparse' as const, protocol: 'compatible' as const }, 'output_type');
  });

  it('refuses counts and policies out of range', () => {
    refused({ concurrency: 0 }, 'concurrency');
    refused({ maxAttempts: 1.5 }, 'maxAttempts');
    refused({ maxBatchTokens: -1 }, 'maxBatchTokens');
    refused({ onEmpty: 'truncate' as never }, 'onEmpty');
    refused({ onTooLong: 'drop' as never }, 'onTooLong');
    refused({ timeout: 0 }, 'timeout');
    refused({ model: '' }, 'model');
  });

  it('needs a dimension to cache vectors of a model the catalog does not know', () => {
    refused({ model: 'my-embedding', cache: new EmbeddingCache() }, 'dimension');
    expect(resolve({ model: 'my-embedding', cache: new EmbeddingCache(), dimension: 256 }).fingerprint).toEqual({
      model: 'my-embedding',
      dimension: 256,
      text_type: 'document',
      output_type: 'dense',
    });
  });

  it('puts every parameter that changes the vector in the cache fingerprint', () => {
    const settings = resolve({ cache: new EmbeddingCache(), dimension: 512, text_type: 'query', instruct: 'Find passages', output_type: 'dense&sparse' });
    expect(settings.fingerprint).toEqual({ model: 'text-embedding-v4', dimension: 512, text_type: 'query', output_type: 'dense&sparse', instruct: 'Find passages' });
  });
});
