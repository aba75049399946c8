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

describe('estimateCost with context-cache usage', () => {
  // qwen-plus, Singapore: 0.4 USD per 1,000,000 input tokens, 1.2 per 1,000,000 output tokens.
  it('bills explicit cache creation at 125 % of the input price', () => {
    const cost = estimateCost({ model: 'qwen-plus', region: 'singapore', input_tokens: 1_000_000, cache_creation_input_tokens: 800_000, cache_type: 'ephemeral' });
    // 200,000 × 0.4 + 800,000 × 0.5 = 0.08 + 0.4
    expect(cost.priced && cost.amount).toBeCloseTo(0.48, 10);
  });

  it('bills explicit cache hits at 10 % and implicit hits at 20 % of the input price', () => {
    const explicit = estimateCost({ model: 'qwen-plus', region: 'singapore', input_tokens: 1_000_000, cached_tokens: 800_000, cache_type: 'ephemeral' });
    // 200,000 × 0.4 + 800,000 × 0.04 = 0.08 + 0.032
    expect(explicit.priced && explicit.amount).toBeCloseTo(0.112, 10);
    const implicit = estimateCost({ model: 'qwen-plus', region: 'singapore', input_tokens: 1_000_000, cached_tokens: 800_000 });
    // 200,000 × 0.4 + 800,000 × 0.08 = 0.08 + 0.064
    expect(implicit.priced && implicit.amount).toBeCloseTo(0.144, 10);
  });

  it('refuses a negative cached token count', () => {
    expect(() => estimateCost({ model: 'qwen-plus', region: 'intl', input_tokens: 10, cached_tokens: -1 })).toThrow(InputValidationError);
  });
});
