// The index job (`dashscope-kit index`) offline (built-in emulator) over a 2,457-file corpus built from the
// READMEs and other .md files in node_modules (bench/_readme-corpus.mjs). Each run starts from an empty index
// folder in a fresh process; medians of 3 runs, contenders alternated. Set BEFORE_CLI=/path/to/main/dist/cli/main.js
// to time main's CLI in the same run as this branch's (BEFORE_LABEL names it in the report).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeReadmeCorpus } from './_readme-corpus.mjs';
import { machine, writeReport } from './report.mjs';

const FILES = 2_457;
const RUNS = 3;
const root = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'index-job-'));
const corpus = writeReadmeCorpus(root, join(folder, 'docs'), FILES);
const env = { ...process.env };
delete env.DASHSCOPE_API_KEY;
delete env.DASHSCOPE_BASE_URL;
const contenders = [
  ['this branch: embedMany + limiter, batch commits not awaited', join(root, 'dist/cli/main.js')],
  ...(process.env.BEFORE_CLI ? [[process.env.BEFORE_LABEL ?? 'main (before): own batching, each commit awaited', process.env.BEFORE_CLI]] : []),
];
const times = contenders.map(() => []);
let report;
for (let run = 0; run < RUNS; run++) {
  for (const [i, [, cli]] of contenders.entries()) {
    const index = join(folder, `index-${i}-${run}`);
    const started = performance.now();
    const out = execFileSync(process.execPath, [cli, 'index', '--docs', join(folder, 'docs'), '--index', index, '--json'], { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    times[i].push(performance.now() - started);
    report = JSON.parse(out);
    rmSync(index, { recursive: true, force: true });
  }
}
rmSync(folder, { recursive: true, force: true });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const medians = times.map(median);
const rows = contenders.map(([name], i) => `| ${name} | **${(medians[i] / 1000).toFixed(2)}** | ${times[i].map((ms) => (ms / 1000).toFixed(2)).join(', ')} | ${(medians[medians.length - 1] / medians[i]).toFixed(2)}× |`);
writeReport(
  'index-job.md',
  `# Index job over ${FILES.toLocaleString('en')} files

${machine()}

Corpus: ${corpus.files} Markdown files (${(corpus.bytes / 1e6).toFixed(2)} MB) from ${corpus.sources} distinct .md files found in node_modules,
the longest cut at headings until there are ${FILES}; ${report.chunks.total} chunks, ${report.chunks.embedded} embedded in ${report.embeddingRequests}
requests (${report.embeddingTokens.toLocaleString('en')} tokens), offline (built-in emulator, no latency), default concurrency. Wall time of
\`dashscope-kit index --docs <corpus> --index <empty folder> --json\`, process start included; medians of ${RUNS}.

| contender | median s | runs s | speed-up vs last row |
|---|---|---|---|
${rows.join('\n')}
`,
);
process.stdout.write(rows.join('\n') + '\n');
