// Bulk embedding on the Batch API (issue 10): runBatchEmbedJob (`embed --via batch`) against the emulator in
// another process whose batches take no time (validating, per-line and finalizing times 0), beside the
// synchronous runBulkEmbedJob on the same file. Each job runs in its own child process, so peak RSS
// (kernel maxRSS) is the job's own. Outputs are checked (line count, order, ids) and compared byte for
// byte between the two jobs, then deleted. `BENCH_BATCH_LINES` overrides the line count; `BENCH_EMULATOR_HEAP_MB`
// gives the emulator process a larger V8 heap (default: Node's own limit). The emulator's peak RSS (VmHWM of
// /proc/<pid>/status, Linux) is read after the batch job, before the synchronous one.
import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator } from './_emulator-process.mjs';
import { machine, writeReport } from './report.mjs';

const run = promisify(execFile);
const directory = fileURLToPath(new URL('./.tmp/', import.meta.url));
mkdirSync(directory, { recursive: true });
const LINES = Number(process.env.BENCH_BATCH_LINES ?? 1_000_000);
const DIMENSION = 64;
const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu'.split(' ');

function writeInput(path, lines) {
  const parts = [];
  for (let n = 0; n < lines; n++) parts.push(`{"id":"doc-${n}","text":"line ${n} ${WORDS[n % 26]} ${WORDS[(n >> 3) % 26]} ${WORDS[(n >> 8) % 26]}"}\n`);
  writeFileSync(path, parts.join(''));
}

async function checkAndHash(path, expected) {
  const hash = createHash('sha256');
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (!text.startsWith(`{"line":${line},"id":"doc-${line - 1}","embedding":[`)) throw new Error(`${path} line ${line} out of order: ${text.slice(0, 60)}`);
    hash.update(text).update('\n');
  }
  if (line !== expected) throw new Error(`${path} has ${line} lines, expected ${expected}`);
  return hash.digest('hex');
}

function peakRssOf(pid) {
  const match = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) * 1024 : undefined;
}

const HEAP_MB = process.env.BENCH_EMULATOR_HEAP_MB;
const emulator = await startEmulator({ seed: 7, logLimit: 0, batch: { validatingMs: 0, lineMs: 0, finalizingMs: 0, cancellingMs: 0 } }, HEAP_MB ? [`--max-old-space-size=${HEAP_MB}`] : []);
let emulatorPeakRss;
const input = `${directory}batch-input-${LINES}.jsonl`;
writeInput(input, LINES);
const rows = [];
const hashes = {};
for (const [engine, child, options] of [
  ['batch (runBatchEmbedJob, 50,000 lines per batch, ≤ 20 batches at a time)', '_batch-job-child.mjs', { dimension: DIMENSION }],
  ['sync (runBulkEmbedJob, concurrency 8)', '_bulk-job-child.mjs', { dimension: DIMENSION }],
]) {
  const output = `${directory}batch-output-${engine.split(' ')[0]}.jsonl`;
  rmSync(output, { force: true });
  rmSync(`${output}.batch-journal`, { force: true });
  const { stdout } = await run(process.execPath, [fileURLToPath(new URL(`./${child}`, import.meta.url)), emulator.url, input, output, JSON.stringify(options)], { maxBuffer: 1 << 22 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1));
  hashes[engine] = await checkAndHash(output, LINES);
  const outputBytes = statSync(output).size;
  rmSync(output, { force: true });
  rmSync(`${output}.batch-journal`, { force: true });
  rows.push({ engine, ...result, outputBytes });
  emulatorPeakRss ??= peakRssOf(emulator.pid);
  process.stdout.write(`${engine}: ${(result.wallMs / 1000).toFixed(1)} s, peak RSS ${(result.peakRss / 1e6).toFixed(0)} MB\n`);
}
const stats = await emulator.stats();
await emulator.close();
rmSync(input, { force: true });
const same = new Set(Object.values(hashes)).size === 1;
if (!same) throw new Error('the batch and synchronous outputs differ');
const batch = rows[0];
const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
const money = (cost) => (cost?.priced ? `${cost.currency} ${cost.amount.toFixed(4)}` : 'unpriced');
writeReport(
  'batch-embed.md',
  `# Bulk embedding via the Batch API

${machine()}

${LINES.toLocaleString('en-US')} JSONL lines, \`text-embedding-v4\`, dimension ${DIMENSION}, each job from dist/ in its own child process, against the
emulator in a third process (no rate limit, no latency, batches with zero validating/per-line/finalizing time, so the wall time is
the job's and the emulator's work, not DashScope's queue: a real batch takes minutes to hours). Peak RSS = the job process's maxRSS.
Both outputs were checked line by line (line numbers and ids in input order) and are byte-identical (sha256 ${Object.values(hashes)[0]?.slice(0, 16)}…).

| engine | wall s | lines/s | peak RSS MiB | median RSS MiB | output MiB |
|---|---|---|---|---|---|
${rows.map((row) => `| ${row.engine} | ${(row.wallMs / 1000).toFixed(1)} | ${(row.lines / (row.wallMs / 1000)).toFixed(0)} | **${mb(row.peakRss)}** | ${mb(row.medianRss)} | ${mb(row.outputBytes)} |`).join('\n')}

Batch job: ${batch.batches} batches, ${batch.uploaded} files uploaded, ${batch.tokens.toLocaleString('en-US')} input tokens reported; price of those tokens
${money(batch.cost)} via batch vs ${money(batch.syncCost)} synchronously (catalog prices, Beijing). Emulator batch-line counters:
${JSON.stringify(stats.batchLines)}.
Emulator process: V8 heap limit ${HEAP_MB ? `${HEAP_MB} MiB (--max-old-space-size)` : "Node's default"}, peak RSS after the batch job **${emulatorPeakRss === undefined ? 'n/a' : mb(emulatorPeakRss)} MiB**.

Memory stays flat with the file size: the job streams the input into part files on disk, uploads them from disk, streams each
downloaded output into a local results file and writes the output in input order by positional reads through a per-part index of
byte offsets (50,000 entries), so only one part's index and a write buffer are held.
`,
);
