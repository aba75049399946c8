import { describe, expect, it } from 'vitest';
import { ManualClock } from './manual-clock.js';

describe('ManualClock', () => {
  it('fires sleeps in time order and sets the time to each due moment', async () => {
    const clock = new ManualClock(1000);
    const seen: [string, number][] = [];
    void clock.sleep(300).then(() => seen.push(['late', clock.now()]));
    void clock.sleep(100).then(() => seen.push(['early', clock.now()]));
    void clock.sleep(100).then(() => seen.push(['tie', clock.now()]));
    await clock.advanceBy(250);
    expect(seen).toEqual([
      ['early', 1100],
      ['tie', 1100],
    ]);
    expect(clock.now()).toBe(1250);
    expect(clock.pendingTimers).toBe(1);
  });

  it('fires sleeps started by earlier sleeps within the same advance', async () => {
    const clock = new ManualClock();
    let wakes = 0;
    const loop = async () => {
      for (let index = 0; index < 5; index += 1) {
        await clock.sleep(10);
        wakes += 1;
      }
    };
    const running = loop();
    await clock.advanceBy(45);
    expect(wakes).toBe(4);
    await clock.advanceBy(5);
    await running;
    expect(wakes).toBe(5);
  });

  it('drops an aborted sleep and rejects it with the reason', async () => {
    const clock = new ManualClock();
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    controller.abort('stop');
    await expect(sleeping).rejects.toBe('stop');
    expect(clock.pendingTimers).toBe(0);
  });
});
