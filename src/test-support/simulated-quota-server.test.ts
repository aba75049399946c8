import { describe, expect, it } from 'vitest';
import { SimulatedQuotaServer } from './simulated-quota-server.js';

describe('SimulatedQuotaServer', () => {
  it('accepts RPS requests in any second and throttles the next with RateQuota', () => {
    const server = new SimulatedQuotaServer({ rpm: 600, tpm: 1_000_000 });
    const decisions = Array.from({ length: 11 }, (_, index) => server.handle(10, index * 10));
    expect(decisions.slice(0, 10).every((decision) => decision.accepted)).toBe(true);
    expect(decisions[10]).toEqual({ accepted: false, code: 'Throttling.RateQuota' });
    expect(server.handle(10, 1000).accepted).toBe(true);
  });

  it('throttles tokens past TPS with AllocationQuota and does not count the rejected request', () => {
    const server = new SimulatedQuotaServer({ rpm: 6000, tpm: 60_000 });
    expect(server.handle(900, 0).accepted).toBe(true);
    expect(server.handle(200, 500)).toEqual({ accepted: false, code: 'Throttling.AllocationQuota' });
    expect(server.handle(100, 600).accepted).toBe(true);
  });

  it('forgets a request exactly one second after it was accepted', () => {
    const server = new SimulatedQuotaServer({ rpm: 60, tpm: 1_000_000 });
    expect(server.handle(1, 0).accepted).toBe(true);
    expect(server.handle(1, 999).accepted).toBe(false);
    expect(server.handle(1, 1000).accepted).toBe(true);
  });

  it('lets a token-bucket second absorb one second of quota at once and then refill evenly', () => {
    const server = new SimulatedQuotaServer({ rpm: 600, tpm: 60_000, perSecond: 'token-bucket' });
    expect(server.handle(1000, 0).accepted).toBe(true);
    expect(server.handle(1, 0).accepted).toBe(false);
    expect(server.handle(500, 500).accepted).toBe(true);
    expect(server.handle(10, 500).accepted).toBe(false);
  });
});
