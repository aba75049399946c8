import { describe, expect, it } from 'vitest';
import { classifyThrottle } from './classify-throttle.js';

describe('classifyThrottle', () => {
  it('maps native and compatible request-rate codes to requests', () => {
    expect(classifyThrottle({ status: 429, code: 'Throttling.RateQuota' })).toBe('requests');
    expect(classifyThrottle({ status: 429, code: 'limit_requests', type: 'limit_requests' })).toBe('requests');
    expect(classifyThrottle({ status: 429, code: 'Throttling' })).toBe('requests');
  });

  it('maps token-rate codes to tokens, including the misleading insufficient_quota', () => {
    expect(classifyThrottle({ status: 429, code: 'Throttling.AllocationQuota' })).toBe('tokens');
    expect(
      classifyThrottle({
        status: 429,
        code: 'insufficient_quota',
        message: 'You exceeded your current quota, please check your plan and billing details.',
      }),
    ).toBe('tokens');
  });

  it('maps the growth-rate protection to burst', () => {
    expect(classifyThrottle({ status: 429, code: 'Throttling.BurstRate' })).toBe('burst');
    expect(classifyThrottle({ status: 429, type: 'limit_burst_rate' })).toBe('burst');
    expect(classifyThrottle({ status: 429, message: 'Request rate increased too quickly' })).toBe('burst');
  });

  it('falls back to the documented messages when no code is known', () => {
    expect(classifyThrottle({ status: 429, message: 'Requests rate limit exceeded' })).toBe('requests');
    expect(classifyThrottle({ status: 429, message: 'Allocated quota exceeded' })).toBe('tokens');
    expect(classifyThrottle({ status: 429, code: 'Whatever' })).toBe('requests');
  });

  it('recognises a throttle reported inside a 200 stream', () => {
    expect(classifyThrottle({ status: 200, code: 'Throttling.RateQuota' })).toBe('requests');
    expect(classifyThrottle({ status: 200, code: 'InternalError' })).toBeUndefined();
  });

  it('does not treat billing states, free-tier exhaustion or other statuses as throttles', () => {
    expect(classifyThrottle({ status: 429, code: 'PrepaidBillOverdue' })).toBeUndefined();
    expect(classifyThrottle({ status: 400, code: 'Arrearage' })).toBeUndefined();
    expect(
      classifyThrottle({ status: 429, code: 'Throttling.AllocationQuota', message: 'Free allocated quota exceeded.' }),
    ).toBeUndefined();
    expect(classifyThrottle({ status: 400, code: 'Throttling.AllocationQuota' })).toBeUndefined();
    expect(classifyThrottle({ status: 503, code: 'ModelUnavailable' })).toBeUndefined();
    expect(classifyThrottle({ code: 'toString' })).toBeUndefined();
  });
});
