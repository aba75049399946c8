import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../core/errors.js';
import { estimateCost } from './estimate-cost.js';

describe('estimateCost', () => {
  it('prices embedding tokens in the region currency with the catalog row and its date', () => {
    const cost = estimateCost({ model: 'text-embedding-v4', region: 'singapore', input_tokens: 2_000_000 });
    expect(cost).toMatchObject({ priced: true, region: 'ap-southeast-1', currency: 'USD', seen: '2026-03' });
    expect(cost.priced && cost.amount).toBeCloseTo(0.14, 10);
    expect(cost.priced && cost.price.input).toBe(0.07);
  });

  it('prices the same tokens in CNY for Beijing', () => {
    const cost = estimateCost({ model: 'text-embedding-v4', region: 'cn-beijing', input_tokens: 1_000_000 });
    expect(cost).toMatchObject({ priced: true, currency: 'CNY', amount: 0.5 });
  });

  it('adds output tokens at the output price for chat and ignores them for embeddings', () => {
    const chat = estimateCost({ model: 'qwen-plus', region: 'ap-southeast-1', input_tokens: 1_000_000, output_tokens: 500_000 });
    expect(chat.priced && chat.amount).toBeCloseTo(0.4 + 0.6, 10);
    const embedding = estimateCost({ model: 'text-embedding-v4', region: 'ap-southeast-1', input_tokens: 1_000_000, output_tokens: 1_000_000 });
    expect(embedding.priced && embedding.amount).toBeCloseTo(0.07, 10);
  });

  it('says which regions have a price when the catalog has none for the one asked', () => {
    const cost = estimateCost({ model: 'qwen-plus', region: 'cn-beijing', input_tokens: 10 });
    expect(cost).toMatchObject({ priced: false, reason: 'no_price_for_region', pricedRegions: ['ap-southeast-1'] });
    expect(cost.priced ? '' : cost.message).toMatch(/no cn-beijing price for qwen-plus/);
  });

  it('answers unknown_model for a model the catalog does not know', () => {
    expect(estimateCost({ model: 'my-finetune', region: 'cn-beijing', input_tokens: 10 })).toMatchObject({ priced: false, reason: 'unknown_model' });
  });

  it('throws InputValidationError for an unknown region or a negative token count', () => {
    expect(() => estimateCost({ model: 'qwen-plus', region: 'mars', input_tokens: 1 })).toThrow(InputValidationError);
    expect(() => estimateCost({ model: 'qwen-plus', region: 'intl', input_tokens: -1 })).toThrow(InputValidationError);
    expect(() => estimateCost({ model: 'qwen-plus', region: 'intl', input_tokens: Number.NaN })).toThrow(InputValidationError);
  });
});
