import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../core/errors.js';
import { countChatTokens } from '../tokenizer/count-chat-tokens.js';
import { countTokens } from '../tokenizer/count-tokens.js';
import { estimateRequestCost } from './estimate-request-cost.js';

describe('estimateRequestCost', () => {
  it('prices an embedding request by the sum of its texts tokens', async () => {
    const input = ['hello world', 'the quick brown fox jumps'];
    const tokens = (await countTokens(input[0]!)) + (await countTokens(input[1]!));
    const cost = await estimateRequestCost({ model: 'text-embedding-v4', input }, { region: 'singapore' });
    expect(cost).toMatchObject({ priced: true, input_tokens: tokens, output_tokens: 0, tokenAccuracy: 'lower_bound' });
    expect(cost.priced && cost.amount).toBeCloseTo((tokens * 0.07) / 1_000_000, 15);
  });

  it('prices a rerank request as query tokens per document plus document tokens, capped per item', async () => {
    const query = 'what is a vector index';
    const documents = ['an index of vectors', 'word '.repeat(4_500)];
    const queryTokens = await countTokens(query);
    const cost = await estimateRequestCost({ model: 'qwen3-rerank', query, documents }, { region: 'ap-southeast-1' });
    expect(cost.input_tokens).toBe(queryTokens * 2 + (await countTokens(documents[0]!)) + 4_000);
  });

  it('prices a chat request with its ChatML prompt and max_tokens as the output bound', async () => {
    const messages = [{ role: 'user', content: 'Summarise the quarterly report.' }];
    const cost = await estimateRequestCost({ model: 'qwen-plus', messages, max_tokens: 1_000 }, { region: 'intl' });
    const input = await countChatTokens(messages, { model: 'qwen-plus' });
    expect(cost).toMatchObject({ priced: true, input_tokens: input, output_tokens: 1_000, tokenAccuracy: 'exact' });
    expect(cost.priced && cost.amount).toBeCloseTo((input * 0.4 + 1_000 * 1.2) / 1_000_000, 15);
  });

  it('returns a clear unpriced result when the region has no price', async () => {
    const cost = await estimateRequestCost({ model: 'gte-rerank-v2', query: 'q', documents: ['d'] }, { region: 'singapore' });
    expect(cost).toMatchObject({ priced: false, reason: 'no_price_for_region', pricedRegions: ['cn-beijing'] });
  });

  it('throws InputValidationError for a request of no known shape or an unknown region', async () => {
    await expect(estimateRequestCost({ model: 'qwen-plus' } as never, { region: 'intl' })).rejects.toBeInstanceOf(InputValidationError);
    await expect(estimateRequestCost({ model: 'qwen-plus', input: ['x'] }, { region: 'atlantis' })).rejects.toBeInstanceOf(InputValidationError);
  });
});
