import { describe, expect, it } from 'vitest';
import { runPool } from './run-pool.js';

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 1));

describe('runPool', () => {
  it('never has more than the given number of calls in flight and runs every item', async () => {
    let inFlight = 0;
    let peak = 0;
    const seen: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      peak = Math.max(peak, ++inFlight);
      await tick();
      seen.push(item);
      inFlight--;
    });
    expect(peak).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('starts no new item after the signal aborts', async () => {
    const controller = new AbortController();
    const started = await runPool([1, 2, 3, 4, 5], 1, async (item) => {
      if (item === 2) controller.abort();
      await tick();
    }, controller.signal);
    expect(started).toBe(2);
  });

  it('waits for calls in flight and rethrows the first error', async () => {
    const finished: number[] = [];
    await expect(
      runPool([1, 2, 3, 4], 2, async (item) => {
        if (item === 1) throw new Error('boom');
        await tick();
        finished.push(item);
      }),
    ).rejects.toThrow('boom');
    expect(finished).toEqual([2]);
  });
});
