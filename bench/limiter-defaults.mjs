// RateLimiter defaults (issue 12): with default options the limiter should reach the quota without the user
// knowing which knobs to turn. The emulator runs in its own process on 127.0.0.1 with per-clock-second and
// per-minute limits; every contender embeds through embedMany (batches of 10, concurrency 8). Contenders per
// goal, side by side in this one run:
//   default      RateLimiter() with no options (this branch's defaults)
//   before       the defaults main shipped: slow start from 1 request/s growing 1.25×/s (W from the measured rate)
//   adaptive off RateLimiter({ adaptive: false }): the reference that needs the user to know to ask for it
// and, for the bulk CLI, `dashscope-kit embed` offline (built-in emulator, no limits) with and without --rpm/--tpm.
// Set BEFORE_CLI=/path/to/main/dist/cli/main.js to time main's CLI in the same run.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DashScope } from '../dist/index.js';
import { RateLimiter, embedMany } from '../dist/production/index.js';
import { startEmulator } from './_emulator-process.mjs';
import { machine, writeReport } from './report.mjs';

const MODEL = 'text-embedding-v4';
const KEY = 'sk-test-bench-limiter';
const SEED = 20_261_203;
const RPM = 1_200;
const BATCH = 10;
const CONCURRENCY = 8;
const LATENCY = { fixedMs: 40, jitterMs: 30, distribution: 'lognormal' };
const BOUND = (RPM * BATCH) / 60;
const limits = { [MODEL]: { rpm: RPM, tpm: 100_000_000 } };
const before = { adaptive: { initialRequestsPerSecond: 1, requests: { slowStartGrowthPerSecond: 1.25 } } };

let offset = 0;
const texts = (count) => Array.from({ length: count }, () => `item ${offset++}: quarterly report on bravo metrics and delta ${offset % 97}`);
const percent = (value) => `${(value * 100).toFixed(1)} %`;

async function run(emulator, limiter, { items, seconds, timeout }) {
  await emulator.reset();
  const startedAt = Date.now();
  const client = new DashScope({ apiKey: KEY, baseURL: emulator.url });
  const events = [];
  const started = performance.now();
  try {
    await embedMany(client, {
      model: MODEL,
      input: texts(items),
      dimension: 64,
      concurrency: CONCURRENCY,
      limiter,
      ...(timeout ? { timeout } : {}),
      signal: AbortSignal.timeout(seconds * 1000),
      onBatch: (batch) => events.push([performance.now() - started, batch.outcomes.filter((outcome) => !('failure' in outcome)).length]),
    });
  } catch (error) {
    if (error?.name !== 'APIUserAbortError') throw error;
  }
  const wallMs = performance.now() - started;
  const log = (await emulator.log()).filter((entry) => entry.endpoint === 'embeddings').map((entry) => ({ ...entry, at: entry.at - startedAt }));
  return { events, wallMs, log };
}

/** Accepted items/s between two times (ms since start), from the client's completion events. */
function rate(events, fromMs, toMs) {
  return events.filter(([at]) => at >= fromMs && at < toMs).reduce((sum, [, items]) => sum + items, 0) / ((toMs - fromMs) / 1000);
}

function throttles(log, fromMs = 0) {
  const entries = log.filter((entry) => entry.at >= fromMs);
  const throttled = entries.filter((entry) => entry.outcome === 'throttled').length;
  return { throttled, requests: entries.length, share: entries.length ? throttled / entries.length : 0 };
}

const rows = [];
function row(goal, contender, cells) {
  rows.push({ goal, contender, ...cells });
  process.stdout.write(`${goal} · ${contender}: ${JSON.stringify(cells)}\n`);
}

const emulator = await startEmulator({ seed: SEED, latency: LATENCY, rateLimits: limits, logLimit: 200_000 });

// 1. Known limits, 20 s: the emulator's clock-second windows throw the odd stray 429 at an evenly paced client.
const knownSeconds = 20;
for (const [contender, options] of [
  ['default', { limits }],
  ['before (stray rule off: strayThrottleWindowMs 0)', { limits, adaptive: { strayThrottleWindowMs: 0 } }],
  ['adaptive off', { limits, adaptive: false }],
]) {
  const result = await run(emulator, new RateLimiter(options), { items: BOUND * knownSeconds, seconds: knownSeconds + 10 });
  const steady = rate(result.events, 5_000, Math.min(result.wallMs, knownSeconds * 1000) - 1_000);
  const t = throttles(result.log);
  row('known limits, ≥ 95 %', contender, { result: percent(steady / BOUND), detail: `${t.throttled} / ${t.requests} 429s`, wall: result.wallMs });
}

// 2. Unknown limits, 60 s: ≥ 90 % of the bound within 60 s and < 1 % 429s after 10 s.
const unknownSeconds = 60;
const unknownWindows = {};
for (const [contender, options] of [
  ['default', {}],
  ['before', before],
]) {
  const result = await run(emulator, new RateLimiter(options), { items: BOUND * unknownSeconds * 2, seconds: unknownSeconds });
  const windows = Array.from({ length: unknownSeconds / 10 }, (_, i) => rate(result.events, i * 10_000, (i + 1) * 10_000) / BOUND);
  unknownWindows[contender] = windows;
  const first = windows.findIndex((share) => share >= 0.9);
  const after = throttles(result.log, 10_000);
  row('unknown limits, ≥ 90 % within 60 s, < 1 % 429s after 10 s', contender, {
    result: `${percent(rate(result.events, 30_000, 60_000) / BOUND)} (30–60 s)`,
    detail: `first 10 s window ≥ 90 %: ${first === -1 ? 'none' : `${first * 10}–${first * 10 + 10} s`}; 429s after 10 s ${after.throttled} / ${after.requests} (${percent(after.share)})`,
    wall: result.wallMs,
  });
}

// 3. 10 % transient faults (500, 503, connection reset, 5 s stall against a 1 s timeout; no 429s), consuming quota.
const faultSeconds = 20;
const faultBound = BOUND * 0.9;
await emulator.configure({ faults: { rate: 0.1, kinds: { 500: 3, 503: 3, 'reset-before-headers': 2, stall: 2 }, stallMs: 5_000, seed: SEED } });
// Unknown limits are measured like the unknown-limits goal (a 60 s run, 30–60 s): the quota itself is found by probing first.
for (const [contender, options, seconds, from] of [
  ['default, known limits', { limits }, faultSeconds, 5],
  ['adaptive off, known limits', { limits, adaptive: false }, faultSeconds, 5],
  ['default, unknown limits', {}, unknownSeconds, 30],
]) {
  const result = await run(emulator, new RateLimiter(options), { items: faultBound * seconds * 2, seconds, timeout: 1_000 });
  const steady = rate(result.events, from * 1000, seconds * 1000);
  const t = throttles(result.log);
  row('10 % transient faults, ≥ 90 % of the faulted bound', contender, { result: percent(steady / faultBound), detail: `${t.throttled} 429s; ${from}–${seconds} s`, wall: result.wallMs });
}
await emulator.configure({ faults: { rate: 0.1, kinds: { 429: 2.5, '429-allocation': 2.5, 500: 1.5, 503: 1.5, 'reset-before-headers': 1, stall: 1 }, stallMs: 5_000, seed: SEED } });
{
  const result = await run(emulator, new RateLimiter({ limits }), { items: faultBound * faultSeconds * 2, seconds: faultSeconds, timeout: 1_000 });
  row('10 % transient faults, ≥ 90 % of the faulted bound', 'default, known limits, half the faults injected 429s (indistinguishable from throttles)', {
    result: percent(rate(result.events, 5_000, faultSeconds * 1000) / faultBound),
    detail: 'outside the goal: a 429 is a throttle',
    wall: result.wallMs,
  });
}
await emulator.configure({ faults: { rate: 0 } });
await emulator.close();

// 4. A server that never throttles: full speed within 5 s (full speed = adaptive off, no limits, 5–15 s).
const open = await startEmulator({ seed: SEED, latency: LATENCY, logLimit: 200_000 });
const openSeconds = 15;
const reference = await run(open, new RateLimiter({ adaptive: false }), { items: 30_000, seconds: openSeconds });
const fullSpeed = rate(reference.events, 5_000, openSeconds * 1000);
for (const [contender, options, result] of [
  ['adaptive off (reference)', undefined, reference],
  ['default', {}],
  ['before', before],
  ['initialRequestsPerSecond: Infinity (bulk CLI default)', { adaptive: { initialRequestsPerSecond: Infinity } }],
]) {
  const outcome = result ?? (await run(open, new RateLimiter(options), { items: 30_000, seconds: openSeconds }));
  const perSecond = Array.from({ length: openSeconds }, (_, i) => rate(outcome.events, i * 1000, (i + 1) * 1000));
  const reached = perSecond.findIndex((value) => value >= 0.9 * fullSpeed);
  row('never throttles, full speed within 5 s', contender, {
    result: reached === -1 ? `not within ${openSeconds} s` : `${reached + 1} s`,
    detail: `${percent(rate(outcome.events, 0, 5_000) / fullSpeed)} of full speed (${fullSpeed.toFixed(0)} items/s) over 0–5 s`,
    wall: outcome.wallMs,
  });
}
await open.close();

// 5. The bulk CLI offline (built-in emulator, unthrottled): 20,000 lines, default vs --rpm/--tpm.
const folder = mkdtempSync(join(tmpdir(), 'limiter-defaults-'));
const input = join(folder, 'lines.txt');
writeFileSync(input, `${texts(20_000).join('\n')}\n`);
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
const env = { ...process.env };
delete env.DASHSCOPE_API_KEY;
delete env.DASHSCOPE_BASE_URL;
const timeCli = (main, args) => {
  const output = join(folder, `out-${Math.random().toString(36).slice(2)}.jsonl`);
  const started = performance.now();
  execFileSync(process.execPath, [main, 'embed', '--input', input, '--output', output, ...args], { env, stdio: 'ignore' });
  return (performance.now() - started) / 1000;
};
const cliRuns = [
  ['dashscope-kit embed --rpm 10000000 --tpm 10000000000', cli, ['--rpm', '10000000', '--tpm', '10000000000']],
  ['dashscope-kit embed (default)', cli, []],
  ...(process.env.BEFORE_CLI ? [['main\'s dashscope-kit embed (default, before)', process.env.BEFORE_CLI, []]] : []),
];
const cliSeconds = cliRuns.map(([name, main, args]) => [name, timeCli(main, args)]);
rmSync(folder, { recursive: true, force: true });
const withRpm = cliSeconds[0][1];
for (const [name, seconds] of cliSeconds) {
  row('bulk CLI default within 10 % of --rpm/--tpm (20,000 lines, unthrottled)', name, { result: `${seconds.toFixed(1)} s`, detail: `${(seconds / withRpm).toFixed(2)}× the --rpm run`, wall: seconds * 1000 });
}

const table = rows.map((r) => `| ${r.goal} | ${r.contender} | **${r.result}** | ${r.detail} | ${(r.wall / 1000).toFixed(1)} |`).join('\n');
writeReport(
  'limiter-defaults.md',
  `# RateLimiter defaults (issue 12)

${machine()}

Emulator (seed ${SEED}) in its own process on 127.0.0.1, \`${MODEL}\`, ${RPM} RPM enforced per clock second and minute, latency ${LATENCY.fixedMs} ms +
log-normal(${LATENCY.jitterMs} ms); embedMany with batches of ${BATCH}, concurrency ${CONCURRENCY}; bound ${BOUND} items/s. Percentages are accepted
items/s over the bound (steady: from 5 s). "before" reproduces main's defaults in this run (slow start from 1 request/s at 1.25×/s; for
known limits the stray-throttle rule off). The deterministic proofs are in \`src/production/rate-limiter.simulation.test.ts\`.

| goal | contender | result | detail | wall s |
|---|---|---|---|---|
${table}

Unknown limits, accepted share of the bound per 10 s window: default ${unknownWindows.default.map(percent).join(', ')}; before ${unknownWindows.before.map(percent).join(', ')}.

What changed: slow start begins at 4 requests/s (0.4 of the smallest catalog RPM, 600) and triples each second (was 1 at 1.25×/s; doubling in stop 19), and
the CUBIC maximum W at the end of slow start is the allowed rate, not the measured average that lags a doubling rate by about half. A
transient fault (5xx, reset, timeout) is released as \`outcome: 'error'\`, which the controllers ignore; only a 429 with a throttle code is a
throttle (\`classifyThrottle\`). The bulk CLI without --rpm/--tpm starts with \`initialRequestsPerSecond: Infinity\`: --concurrency alone bounds
it until the first throttle, because a 20,000-line job that takes 3 s cannot afford a ramp.
`,
);
