import { describe, expect, it } from 'vitest';
import { batchPrice } from './batch-price.js';
import { estimateCost } from './estimate-cost.js';

describe('batchPrice', () => {
  it('halves a priced estimate and leaves an unpriced one as it is', () => {
    const sync = estimateCost({ model: 'text-embedding-v4', region: 'cn-beijing', input_tokens: 2_000_000 });
    const batch = batchPrice(sync);
    expect(sync.priced && batch.priced && batch.amount).toBe(sync.priced ? sync.amount / 2 : Number.NaN);
    const unknown = estimateCost({ model: 'no-such-model', region: 'cn-beijing', input_tokens: 10 });
    expect(batchPrice(unknown)).toBe(unknown);
  });
});
