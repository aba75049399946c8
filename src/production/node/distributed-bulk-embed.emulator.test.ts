import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DistributedHarness, expectExactlyOnce, go, startDistributedHarness } from '../../test-support/distributed-embed-harness.js';
import { hasRedisServer } from '../../test-support/redis-server.js';
import { collectBulkEmbedJob } from './collect-bulk-embed-job.js';
import { submitBulkEmbedJob } from './submit-bulk-embed-job.js';

const available = hasRedisServer() || process.env.CI === 'true';
const LINES = 6000;

describe.skipIf(!available)('distributed bulk embedding: a worker killed mid-run', () => {
  let harness: DistributedHarness;
  beforeAll(async () => {
    harness = await startDistributedHarness(LINES);
  });
  afterAll(() => harness.close());

  it('survives kill -9 of one worker: its leases expire, the others finish its chunk, output exactly once', async () => {
    const workDir = join(harness.directory, 'killed');
    await submitBulkEmbedJob({ redis: harness.redis.url, name: 'killed', input: harness.input, workDir, chunkLines: 200 });
    const options = { leaseMs: 1500, lockDurationMs: 2000, maxConcurrency: 12 };
    const workers = Array.from({ length: 4 }, () => harness.startWorker('killed', workDir, options));
    await go(workers);
    const victim = workers[0]!;
    // Kill it in the middle of a chunk, once it has finished one.
    while (victim.chunks() < 1) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 150));
    const client = new Redis(harness.redis.url);
    const leaseKey = (await client.keys('*:leases'))[0]!;
    victim.process.kill('SIGKILL');
    const killedAt = performance.now();
    const heldAtKill = await client.zrange(leaseKey, '0', '-1');
    // Every lease held at the kill is gone within its expiry: the survivors' are released, the victim's expire.
    for (;;) {
      const still = (await client.zrange(leaseKey, '0', '-1')).filter((id) => heldAtKill.includes(id));
      if (still.length === 0) break;
      expect(performance.now() - killedAt).toBeLessThan(options.leaseMs + 1000);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    client.disconnect();
    expect(await victim.exit).toBe(null);
    expect(await Promise.all(workers.slice(1).map((worker) => worker.exit))).toEqual([0, 0, 0]);
    const output = join(harness.directory, 'killed.jsonl');
    expect(await collectBulkEmbedJob({ workDir, output })).toEqual({ output, lines: LINES, failures: 0 });
    expectExactlyOnce(output, LINES);
  }, 90_000);
});
