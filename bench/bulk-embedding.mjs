// Bulk embedding against a quota (goals G1, G2): the emulator runs in its own process with known RPM/TPM
// (per minute and per second, as DashScope enforces them) and realistic latency; each contender embeds the
// same kind of texts and we compare items/s with the quota bound min(R·b/60, T/(60·t)), count lost items,
// and read the 429 share from the emulator's own log.
//   dashscope-kit: embedMany + RateLimiter with the limits (known), or with none (adaptive, started at 2×).
//   naive loop:    batches of 10, one at a time, fixed sleep of 60/RPM s between batches, fixed 1 s retry.
//   openai 6:      embeddings.create on /compatible-mode/v1 under a concurrency limiter, default retries.
import OpenAI from 'openai';
import { DashScope } from '../dist/index.js';
import { lexicalEmbedding } from '../dist/emulator/index.js';
import { RateLimiter, embedMany } from '../dist/production/index.js';
import { countTokensBatch } from '../dist/tokenizer/index.js';
import { startEmulator } from './_emulator-process.mjs';
import { machine, writeReport } from './report.mjs';

const MODEL = 'text-embedding-v4';
const DIMENSION = 256;
const BATCH = 10;
const KEY = 'sk-test-bench-bulk';
const SEED = 20_261_122;
const RPM = 1_200;
const RUN_SECONDS = 20;
const WARM_UP_SECONDS = 5;
const CONCURRENCY = 8;
const LATENCY = { fixedMs: 40, jitterMs: 30, distribution: 'lognormal' };
const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu'.split(' ');

let offset = 0;
function texts(count) {
  const start = offset;
  offset += count;
  return Array.from({ length: count }, (_, i) => {
    const n = start + i;
    return `item ${n}: ${WORDS[n % 26]} ${WORDS[(n >> 2) % 26]} ${WORDS[(n >> 5) % 26]} report on ${WORDS[(n >> 9) % 26]} metrics`;
  });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const percent = (value) => `${(value * 100).toFixed(1)} %`;

async function meanTokens(sample) {
  const counts = await countTokensBatch(sample);
  return counts.reduce((sum, count) => sum + count, 0) / counts.length;
}

/**
 * Items/s from (ms since start, items) completion events: overall (whole run, start-up and the last retries
 * included) and steady (from the end of the warm-up until 95 % of the items were done, which leaves out the
 * tail where the last few batches wait out their retry backoff).
 */
function throughput(events, wallMs) {
  const sorted = [...events].sort((left, right) => left[0] - right[0]);
  const total = sorted.reduce((sum, [, items]) => sum + items, 0);
  let done = 0;
  let t95 = wallMs;
  for (const [at, items] of sorted) {
    done += items;
    if (done >= 0.95 * total) {
      t95 = at;
      break;
    }
  }
  const from = WARM_UP_SECONDS * 1000;
  const steadyItems = sorted.filter(([at]) => at > from && at <= t95).reduce((sum, [, items]) => sum + items, 0);
  return { total, overall: total / (wallMs / 1000), steady: t95 > from ? steadyItems / ((t95 - from) / 1000) : 0 };
}

/** 429 share of the requests the emulator logged, overall and from `fromMs` (relative to `startedAt`). */
function throttleShare(log, startedAt, fromMs = 0) {
  const entries = log.filter((entry) => entry.endpoint === 'embeddings' && entry.at - startedAt >= fromMs);
  const throttled = entries.filter((entry) => entry.outcome === 'throttled').length;
  return { requests: entries.length, throttled, share: entries.length ? throttled / entries.length : 0 };
}

async function runDashscopeKit(emulator, input, { limiter, timeout, deadlineMs }) {
  const client = new DashScope({ apiKey: KEY, baseURL: emulator.url });
  const events = [];
  const started = performance.now();
  let result;
  let stopped = false;
  try {
    result = await embedMany(client, {
      model: MODEL,
      input,
      dimension: DIMENSION,
      concurrency: CONCURRENCY,
      limiter,
      ...(timeout ? { timeout } : {}),
      ...(deadlineMs ? { signal: AbortSignal.timeout(deadlineMs) } : {}),
      onBatch: (batch) => events.push([performance.now() - started, batch.outcomes.filter((outcome) => !('failure' in outcome)).length]),
    });
  } catch (error) {
    if (error?.name !== 'APIUserAbortError') throw error;
    stopped = true;
  }
  const wallMs = performance.now() - started;
  if (stopped) return { wallMs, events, lost: 'n/a', wrong: 'n/a', stopped: true };
  const wrong = result.embeddings.filter((item, i) => !item || !sameVector(item.embedding, lexicalEmbedding(input[i], DIMENSION))).length;
  return { wallMs, events, lost: result.failures.length, wrong, stats: result.stats };
}

function sameVector(left, right) {
  return left.length === right.length && left.every((value, i) => Object.is(value, right[i]));
}

async function runNaive(emulator, input) {
  const events = [];
  let lost = 0;
  const started = performance.now();
  for (let start = 0; start < input.length && performance.now() - started < RUN_SECONDS * 1000; start += BATCH) {
    const batch = input.slice(start, start + BATCH);
    let done = false;
    for (let attempt = 0; attempt < 5 && !done; attempt++) {
      try {
        const response = await fetch(`${emulator.url}/api/v1/services/embeddings/text-embedding/text-embedding`, {
          method: 'POST',
          headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: MODEL, input: { texts: batch }, parameters: { dimension: DIMENSION } }),
        });
        const body = await response.json();
        if (response.ok && body.output?.embeddings?.length === batch.length) done = true;
      } catch {
        done = false;
      }
      if (!done) await sleep(1_000);
    }
    if (done) events.push([performance.now() - started, batch.length]);
    else lost += batch.length;
    await sleep(60_000 / RPM);
  }
  return { wallMs: performance.now() - started, events, lost };
}

async function runOpenAI(emulator, input) {
  const openai = new OpenAI({ apiKey: KEY, baseURL: `${emulator.url}/compatible-mode/v1` });
  const events = [];
  let lost = 0;
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < input.length) {
        const batch = input.slice(next, next + BATCH);
        next += BATCH;
        try {
          const response = await openai.embeddings.create({ model: MODEL, input: batch, dimensions: DIMENSION, encoding_format: 'float' });
          events.push([performance.now() - started, response.data.length]);
        } catch {
          lost += batch.length;
        }
      }
    }),
  );
  return { wallMs: performance.now() - started, events, lost };
}

const rows = [];
async function measure(emulator, name, bound, run, notes = '') {
  await emulator.reset();
  const startedAt = Date.now();
  const outcome = await run();
  const log = await emulator.log();
  const rate = throughput(outcome.events, outcome.wallMs);
  const throttles = throttleShare(log, startedAt);
  const settled = throttleShare(log, startedAt, WARM_UP_SECONDS * 1000);
  const row = { name, bound, ...rate, lost: outcome.lost, wrong: outcome.wrong, throttles, settled, wallMs: outcome.wallMs, stats: outcome.stats, notes };
  rows.push(row);
  process.stdout.write(
    `${name}: ${rate.steady.toFixed(1)} items/s steady (${percent(rate.steady / bound)} of ${bound.toFixed(1)}), lost ${outcome.lost}, 429 ${throttles.throttled}/${throttles.requests}\n`,
  );
  return { row, log, startedAt };
}

const sample = texts(2_000);
offset = 0;
const tokensPerItem = await meanTokens(sample);

// 1. Request-bound quota: R = 1,200 RPM, T far above (bound = R·10/60 = 200 items/s).
const tpmHigh = 100_000_000;
const rpmBound = Math.min((RPM * BATCH) / 60, tpmHigh / (60 * tokensPerItem));
const emulator = await startEmulator({ seed: SEED, latency: LATENCY, rateLimits: { [MODEL]: { rpm: RPM, tpm: tpmHigh } }, logLimit: 200_000 });
const items = Math.round(rpmBound * RUN_SECONDS);
const limits = { [MODEL]: { rpm: RPM, tpm: tpmHigh } };
const kit = await measure(emulator, 'dashscope-kit embedMany, known limits (RateLimiter default: adaptive safety net on)', rpmBound, () =>
  runDashscopeKit(emulator, texts(items), { limiter: new RateLimiter({ limits }) }),
);
const kitPaced = await measure(emulator, 'dashscope-kit embedMany, known limits, adaptive off', rpmBound, () =>
  runDashscopeKit(emulator, texts(items), { limiter: new RateLimiter({ limits, adaptive: false }) }),
);
const naive = await measure(emulator, `naive loop (batches of 10, fixed 50 ms sleep; stopped after ${RUN_SECONDS} s)`, rpmBound, () => runNaive(emulator, texts(items)));
const openai = await measure(emulator, `openai 6 + concurrency limiter (${CONCURRENCY}), default retries`, rpmBound, () => runOpenAI(emulator, texts(items)));

// 2. Unknown limits: the limiter knows nothing and starts at twice the real request rate.
const unknownSeconds = 60;
const unknown = await measure(emulator, 'dashscope-kit embedMany, unknown limits (starts at 2×)', rpmBound, () =>
  runDashscopeKit(emulator, texts(Math.round(rpmBound * unknownSeconds)), { limiter: new RateLimiter({ adaptive: { initialRequestsPerSecond: (2 * RPM) / 60 } }) }),
);
const windows = [];
for (let from = 0; from < unknown.row.wallMs; from += 10_000) {
  const entries = unknown.log.filter((entry) => entry.endpoint === 'embeddings' && entry.at - unknown.startedAt >= from && entry.at - unknown.startedAt < from + 10_000);
  const throttled = entries.filter((entry) => entry.outcome === 'throttled').length;
  const accepted = entries.filter((entry) => entry.outcome === 'accepted').reduce((sum, entry) => sum + entry.items, 0);
  windows.push({ from, requests: entries.length, throttled, itemsPerSecond: accepted / 10 });
}
const settledFrom = 30_000;
const settledTo = Math.min(unknown.row.wallMs, 55_000);
const settledEntries = unknown.log.filter((entry) => entry.endpoint === 'embeddings' && entry.at - unknown.startedAt >= settledFrom && entry.at - unknown.startedAt < settledTo);
const unknownSettledShare = settledEntries.filter((entry) => entry.outcome === 'throttled').length / Math.max(1, settledEntries.length);
const unknownSettledRate = settledEntries.filter((entry) => entry.outcome === 'accepted').reduce((sum, entry) => sum + entry.items, 0) / ((settledTo - settledFrom) / 1000);

// 3. Injected faults (G1): 10 % of requests fail (5 % 429 of both codes, 3 % 5xx, 1 % reset, 1 % stall) and
// consume quota like real calls; 1 s per-attempt timeout so stalls resolve. Effective bound × 0.9.
await emulator.configure({
  faults: { rate: 0.1, kinds: { 429: 2.5, '429-allocation': 2.5, 500: 1.5, 503: 1.5, 'reset-before-headers': 1, stall: 1 }, stallMs: 5_000, seed: SEED },
});
const faultBound = rpmBound * 0.9;
await measure(emulator, 'dashscope-kit, 10 % faults, known limits, adaptive off', faultBound, () =>
  runDashscopeKit(emulator, texts(Math.round(faultBound * RUN_SECONDS)), { limiter: new RateLimiter({ limits, adaptive: false }), timeout: 1_000 }),
);
await measure(emulator, `dashscope-kit, 10 % faults, known limits, adaptive on (stopped after ${RUN_SECONDS} s)`, faultBound, () =>
  runDashscopeKit(emulator, texts(Math.round(faultBound * RUN_SECONDS)), { limiter: new RateLimiter({ limits }), timeout: 1_000, deadlineMs: RUN_SECONDS * 1000 }),
);
await emulator.configure({ faults: { rate: 0 } });
await emulator.close();

// 4. Token-bound quota: T sized for 150 items/s, R far above.
const tokenBoundItems = 150;
const tpm = Math.round(tokenBoundItems * 60 * tokensPerItem);
const tokenEmulator = await startEmulator({ seed: SEED, latency: LATENCY, rateLimits: { [MODEL]: { rpm: 6_000, tpm } }, logLimit: 200_000 });
const tpmBound = Math.min((6_000 * BATCH) / 60, tpm / (60 * tokensPerItem));
await measure(tokenEmulator, `dashscope-kit, token-bound (TPM ${tpm}), adaptive off`, tpmBound, () =>
  runDashscopeKit(tokenEmulator, texts(Math.round(tpmBound * RUN_SECONDS)), { limiter: new RateLimiter({ limits: { [MODEL]: { rpm: 6_000, tpm } }, adaptive: false }) }),
);
await tokenEmulator.close();

const table = rows
  .map(
    (row) =>
      `| ${row.name} | ${row.bound.toFixed(1)} | ${row.steady.toFixed(1)} | **${percent(row.steady / row.bound)}** | ${percent(row.overall / row.bound)} | ${row.total} | ${row.lost} | ${row.wrong ?? 'n/a'} | ${row.throttles.throttled} / ${row.throttles.requests} (${percent(row.throttles.share)}) | ${percent(row.settled.share)} | ${(row.wallMs / 1000).toFixed(1)} |`,
  )
  .join('\n');
const ratio = (a, b) => (b.steady > 0 ? (a.steady / b.steady).toFixed(2) : '∞');
writeReport(
  'bulk-embedding.md',
  `# Bulk embedding against a quota (G1, G2)

${machine()}

Emulator (seed ${SEED}) in its own process on 127.0.0.1, \`${MODEL}\`, dimension ${DIMENSION}, latency ${LATENCY.fixedMs} ms + log-normal(${LATENCY.jitterMs} ms);
limits enforced per clock minute and per clock second (RPS = ⌈RPM/60⌉, TPS = ⌈TPM/60⌉). Texts are distinct, ${tokensPerItem.toFixed(1)} tokens on average
(Qwen tokenizer). Bound = min(R·${BATCH}/60, T/(60·t)) items/s. "Steady" excludes the first ${WARM_UP_SECONDS} s. "Lost" = items without a vector
at the end; "wrong" = vectors that differ from \`lexicalEmbedding(text, ${DIMENSION})\` or are missing. 429 counts come from the emulator's
request log (faulted 429s in the fault runs are counted by the emulator as faults, not throttles). Concurrency ${CONCURRENCY} for dashscope-kit and openai.

| contender | bound items/s | steady items/s | steady / bound | overall / bound | items done | lost | wrong vectors | 429s / requests | 429 share after ${WARM_UP_SECONDS} s | wall s |
|---|---|---|---|---|---|---|---|---|---|---|
${table}

Ratios (steady throughput, request-bound quota; dashscope-kit with known limits, default limiter / adaptive off):
vs naive loop **${ratio(kit.row, naive.row)}× / ${ratio(kitPaced.row, naive.row)}×**; vs openai + concurrency limiter **${ratio(kit.row, openai.row)}× / ${ratio(kitPaced.row, openai.row)}×** —
but openai lost **${openai.row.lost}** items (${percent(openai.row.lost / items)}) after its retries and drew ${openai.row.throttles.throttled} 429s (${percent(openai.row.throttles.share)} of its requests);
dashscope-kit lost ${kit.row.lost} / ${kitPaced.row.lost} with ${kit.row.throttles.throttled} / ${kitPaced.row.throttles.throttled} 429s.

Unknown limits (limiter starts at ${(2 * RPM) / 60} req/s, twice the real ${RPM / 60}): 429 share and accepted items/s per 10 s window:
${windows.map((window) => `${window.from / 1000}–${window.from / 1000 + 10} s: ${window.throttled}/${window.requests} (${percent(window.requests ? window.throttled / window.requests : 0)}), ${window.itemsPerSecond.toFixed(0)} items/s`).join('; ')}.
From ${settledFrom / 1000} s to ${(settledTo / 1000).toFixed(0)} s: 429 share **${percent(unknownSettledShare)}**, accepted throughput **${percent(unknownSettledRate / rpmBound)}** of the bound.

Notes. With known limits the default limiter's adaptive controller is a safety net: a 429 against an idle known limit is a stray
(bucket emptied, rate kept) and only more strays within 10 s than a client paced at 98 % draws from clock-second windows start the
CUBIC decrease (\`strayThrottleWindowMs\`; bench/reports/limiter-defaults.md). The fault runs here inject 429s (half the faults):
those look exactly like real throttles to any client, so with adaptive control on the limiter slows down for them (the limiter-defaults
bench runs transient faults without 429s); with known limits and 429-heavy faults, \`adaptive: false\` leaves them to the retry budget.

Targets: G1 ≥ 95 % of the bound with 0 lost (known limits, and with 10 % faults against the bound × 0.9); G2 ≤ 1 % 429s once settled,
and with unknown limits < 1 % 429s within 60 s at ≥ 90 % of the bound. Runs here are ${RUN_SECONDS} s (G1 asks for 60,000 items ≈ 5 min),
so start-up and the final retry tail weigh more than in G1; "steady" measures from ${WARM_UP_SECONDS} s to the moment 95 % of the items were done.
`,
);
