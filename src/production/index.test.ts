import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectRuntimeNeutral } from '../test-support/expect-runtime-neutral.js';
import * as production from './index.js';

const directory = fileURLToPath(new URL('.', import.meta.url));

describe('dashscope-kit/production', () => {
  it('exports the rate-control API by name', () => {
    expect(Object.keys(production).sort()).toEqual([
      'AdaptiveRate',
      'RateLimiter',
      'RateStoreUnavailableError',
      'RetryBudget',
      'TokenBucket',
      'batchPrice',
      'classifyOversize',
      'classifyThrottle',
      'createRateLimitedFetch',
      'embedMany',
      'embedMultimodalMany',
      'estimateCost',
      'estimateRequestCost',
      'readRequestTokens',
      'rerankMany',
      'resolveAdaptiveOptions',
      'systemClock',
    ]);
  });

  it('imports nothing Node-specific in its runtime code', () => {
    expectRuntimeNeutral(directory, 5);
  });
});
