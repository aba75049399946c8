import { describe, expect, it } from 'vitest';
import { createStatsRecorder, type RequestLogEntry } from './stats-recorder.js';

function entry(overrides: Partial<RequestLogEntry>): RequestLogEntry {
  return {
    seq: 0,
    at: 0,
    method: 'POST',
    path: '/api/v1/services/embeddings/text-embedding/text-embedding',
    endpoint: 'embeddings',
    protocol: 'native',
    model: 'text-embedding-v4',
    region: undefined,
    workspace: undefined,
    stream: false,
    status: 200,
    outcome: 'accepted',
    code: undefined,
    fault: undefined,
    inputTokens: 0,
    outputTokens: 0,
    items: 0,
    requestId: 'r',
    ...overrides,
  };
}

describe('createStatsRecorder', () => {
  it('counts accepted tokens and items per model, and throttles and faults by code and kind', () => {
    const stats = createStatsRecorder(100, () => 0);
    stats.record(entry({ seq: stats.nextSeq(), inputTokens: 12, items: 3 }));
    stats.record(entry({ seq: stats.nextSeq(), outcome: 'throttled', code: 'Throttling.RateQuota', status: 429, inputTokens: 5, items: 1 }));
    stats.record(entry({ seq: stats.nextSeq(), outcome: 'faulted', fault: 'reset-mid-body', status: 0, inputTokens: 5, items: 1 }));
    stats.record(entry({ seq: stats.nextSeq(), outcome: 'unauthorized', status: 401 }));
    const snapshot = stats.snapshot(99);
    expect(snapshot.seed).toBe(99);
    expect(snapshot.models['text-embedding-v4']).toMatchObject({
      requests: 3,
      accepted: 1,
      inputTokens: 12,
      items: 3,
      throttled: 1,
      throttledByCode: { 'Throttling.RateQuota': 1 },
      faulted: 1,
      faultedByKind: { 'reset-mid-body': 1 },
    });
    expect(snapshot.totals).toMatchObject({ requests: 4, unauthorized: 1 });
  });

  it('keeps only the newest log entries, oldest first', () => {
    const stats = createStatsRecorder(2, () => 0);
    for (let index = 0; index < 5; index++) stats.record(entry({ seq: stats.nextSeq() }));
    expect(stats.log().map((item) => item.seq)).toEqual([4, 5]);
    stats.setLogLimit(1);
    expect(stats.log().map((item) => item.seq)).toEqual([5]);
  });

  it('starts again from zero after a reset', () => {
    const stats = createStatsRecorder(10, () => 0);
    stats.record(entry({ seq: stats.nextSeq(), items: 4 }));
    stats.reset();
    expect(stats.snapshot(1).totals.requests).toBe(0);
    expect(stats.log()).toEqual([]);
    expect(stats.nextSeq()).toBe(1);
  });
});
