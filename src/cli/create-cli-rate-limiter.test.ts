import { describe, expect, it } from 'vitest';
import { createCliRateLimiter } from './create-cli-rate-limiter.js';

describe('createCliRateLimiter', () => {
  it('paces known limits without adaptive control', () => {
    expect(createCliRateLimiter('text-embedding-v4', { rpm: 600 }).stats('text-embedding-v4')).toMatchObject({ requestsPerSecond: 9.8, requestPhase: undefined });
  });

  it('starts unknown limits unbounded and adaptive, without slow start', () => {
    expect(createCliRateLimiter('text-embedding-v4').stats('text-embedding-v4')).toMatchObject({ requestsPerSecond: Infinity, requestPhase: 'idle' });
  });
});
