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
// The two rows closest to their goals are run RUNS times (LIMITER_RUNS, default 3) and reported as the median.
const RUNS = Number(process.env.LIMITER_RUNS ?? 3);
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = {};

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
for (const [contender, options, runs] of [
  ['default', { limits }, RUNS],
  ['before (stray rule off: strayThrottleWindowMs 0)', { limits, adaptive: { strayThrottleWindowMs: 0 } }, 1],
  ['adaptive off', { limits, adaptive: false }, 1],
]) {
  const outcomes = [];
  for (let i = 0; i < runs; i++) {
    const result = await run(emulator, new RateLimiter(options), { items: BOUND * knownSeconds, seconds: knownSeconds + 10 });
    const steady = rate(result.events, 5_000, Math.min(result.wallMs, knownSeconds * 1000) - 1_000);
    outcomes.push({ share: steady / BOUND, t: throttles(result.log), wall: result.wallMs });
  }
  const mid = outcomes.find((outcome) => outcome.share === median(outcomes.map((o) => o.share)));
  const detail = `${mid.t.throttled} / ${mid.t.requests} 429s${runs > 1 ? `; median of ${runs} runs: ${outcomes.map((o) => `${percent(o.share)} (${o.t.throttled} 429s)`).join(', ')}` : ''}`;
  if (runs > 1) medians.known = `${percent(mid.share)} (runs: ${outcomes.map((o) => percent(o.share)).join(', ')})`;
  row('known limits, ≥ 95 %', contender, { result: percent(mid.share), detail, wall: mid.wall });
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
for (const [contender, options, seconds, from, runs] of [
  ['default, known limits', { limits }, faultSeconds, 5, RUNS],
  ['adaptive off, known limits', { limits, adaptive: false }, faultSeconds, 5, 1],
  ['default, unknown limits', {}, unknownSeconds, 30, 1],
]) {
  const outcomes = [];
  for (let i = 0; i < runs; i++) {
    const result = await run(emulator, new RateLimiter(options), { items: faultBound * seconds * 2, seconds, timeout: 1_000 });
    outcomes.push({ share: rate(result.events, from * 1000, seconds * 1000) / faultBound, t: throttles(result.log), wall: result.wallMs });
  }
  const mid = outcomes.find((outcome) => outcome.share === median(outcomes.map((o) => o.share)));
  const detail = `${mid.t.throttled} 429s; ${from}–${seconds} s${runs > 1 ? `; median of ${runs} runs: ${outcomes.map((o) => `${percent(o.share)} (${o.t.throttled} 429s)`).join(', ')}` : ''}`;
  if (runs > 1) medians.faults = `${percent(mid.share)} (runs: ${outcomes.map((o) => percent(o.share)).join(', ')})`;
  row('10 % transient faults, ≥ 90 % of the faulted bound', contender, { result: percent(mid.share), detail, wall: mid.wall });
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

What changed in this run (issue 12, the two rows short of their goals). Medians of ${RUNS} runs with default options: known limits
${medians.known ?? 'n/a'} of the bound (was 94.6 %, and 96.4 % in an earlier run); 10 % transient faults with known limits
${medians.faults ?? 'n/a'} of the faulted bound (was 78.9 %). Two causes, both in the limiter, neither in the faults:
1. Late timers. The request bucket held \`max(1, headroom · RPS)\` = 1 request at 1,200 RPM, so each wake-up of \`setTimeout\`, about 1 ms
   late, lost that millisecond's refill: the client sent 19.3 requests/s instead of the 19.6 it paced at (1.5 % of the bound). The bucket
   now holds \`min(1, headroom · RPS) / 2\` more (no 1-second window still gets more than RPS from it); measured 19.5–19.6 requests/s.
2. The stray rule cut on ordinary strays. A client paced at 98 % of RPS fills a clock second to the brim once every
   \`1 / (headroom · RPS)\` = 2.5 s; there the emulator's arrival jitter (the 40 ms + log-normal(30 ms) latency is applied before the
   per-second count) throws a 429 most of the time, so strays came every ~2–3 s, up to 5 events within 10 s. The rule tolerated two
   events within 10 s, and the third started the CUBIC decrease (rate 0.7×, ~18 s back to W): 3 of 6 probe runs of the two rows were cut
   (88.2 %, 79.3 %, 84.4 % against 93.7–95.7 % uncut). Transient faults caused no extra 429s: with adaptive off, 2.0 429s per 20-s
   run with faults (4 runs) against 2.7 without (6 runs). A stalled request is counted once by the emulator, when it is admitted (after
   the latency, before the stall), and the client spent one permit on it; its retry waits 0.375–0.5 s and takes a new permit; error
   releases return no bucket capacity. The tolerance is now two events plus one per beat, \`floor(headroom · RPS · window / 1000)\`: 6
   at 1,200 RPM (the 7th within 10 s cuts), 4 at 600 RPM, 2 with headroom 0, in \`RateLimiter\` and the Redis store alike.
   This is a tolerance, and it has a price: at 1,200 RPM a quota really 5 % lower throttles only about 1.5× as often as the beats
   (≈ 0.6 against ≤ 0.4 per second), so on the emulator it is no longer detected. Probe, emulator at 1,140 RPM, limiter told 1,200,
   60 s: the controller stayed idle at 93.6 % of the configured bound (98.5 % of the real quota) with 34 / 1,156 429s (2.9 %); the rule
   of two would have cut at its third event, at ~7 s. A quota much lower still cuts, later than before (900 RPM real: at 10.7 s,
   where the rule of two would have cut at ~4.6 s), and in
   simulation (600 RPM told, 570 real, sliding 1-s window) the 5 % lower quota is detected: under 1 % throttles after the first minute.
Side effects seen in this run: the contender with half the faults injected as 429s rose from 58.5 % to 74.8 % (those 429s are now taken as
strays up to the new tolerance); with unknown limits the first 10-s window at ≥ 90 % came at 30–40 s rather than 10–20 s (91.5 % over
30–60 s, was 91.8 %; per-window shares 86–93 % against 83–94 % before), which is within the spread of earlier runs or the larger
request bucket, not separated here.

Earlier changes: slow start begins at 4 requests/s (0.4 of the smallest catalog RPM, 600) and triples each second (was 1 at 1.25×/s; doubling in stop 19), and
the CUBIC maximum W at the end of slow start is the allowed rate, not the measured average that lags a doubling rate by about half. A
transient fault (5xx, reset, timeout) is released as \`outcome: 'error'\`, which the controllers ignore; only a 429 with a throttle code is a
throttle (\`classifyThrottle\`). The bulk CLI without --rpm/--tpm starts with \`initialRequestsPerSecond: Infinity\`: --concurrency alone bounds
it until the first throttle, because a 20,000-line job that takes 3 s cannot afford a ramp.
`,
);
