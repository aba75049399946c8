// Retrieval quality on real input: npm's own docs (the CLI's default --docs folder) indexed offline on the
// emulator (its own process; deterministic lexical embedding, sparse vectors and rerank, not neural models),
// then the questions of src/rag/quality/npm-docs-questions.json asked through searchIndex in each retrieval mode.
// Reports recall@1/5/10 and MRR@10 (file-level relevance: a hit is relevant when its file answers the question).
// A mode is measured only when the wire shows it ran: sparse and hybrid must embed the query with sparse output
// (seen by a fetch wrapper); otherwise the mode is reported as missing, never as dense numbers under its name.
// Dense modes pass retrieval: 'dense' (ignored before hybrid retrieval landed, when dense was the only mode).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DashScope } from '../dist/index.js';
import { defaultDocsFolder } from '../dist/cli/default-docs-folder.js';
import { buildIndex, evaluateRetrieval, openLmdbVectorStore, readQuestionSet, searchIndex } from '../dist/rag/index.js';
import { countTokensBatch } from '../dist/tokenizer/index.js';
import { startEmulator } from './_emulator-process.mjs';
import { machine, writeReport } from './report.mjs';

const MODEL = 'text-embedding-v4';
const DIMENSION = 1024;
const RERANK = 'qwen3-rerank';
const HITS = 10;
const QUESTIONS = fileURLToPath(new URL('../src/rag/quality/npm-docs-questions.json', import.meta.url));
const MODES = [
  { name: 'dense', options: { retrieval: 'dense', rerankModel: false } },
  { name: 'dense + rerank', options: { retrieval: 'dense', rerankModel: RERANK } },
  { name: 'sparse', options: { retrieval: 'sparse', rerankModel: false }, sparse: true },
  { name: 'hybrid (RRF)', options: { retrieval: 'hybrid', rerankModel: false }, sparse: true },
  { name: 'hybrid (RRF) + rerank', options: { retrieval: 'hybrid', rerankModel: RERANK }, sparse: true },
];

const outputTypes = [];
const recordingFetch = async (input, init) => {
  const url = typeof input === 'string' ? input : input.url;
  if (url.includes('/embeddings') && typeof init?.body === 'string') {
    const body = JSON.parse(init.body);
    outputTypes.push(body.parameters?.output_type ?? 'dense');
  }
  return fetch(input, init);
};
const takeOutputTypes = () => new Set(outputTypes.splice(0));

const folder = await defaultDocsFolder();
const reading = await readQuestionSet(QUESTIONS, folder);
const emulator = await startEmulator({ seed: 14, logLimit: 0 });
const client = new DashScope({ apiKey: 'sk-test-bench-rag-quality', baseURL: emulator.url, fetch: recordingFetch });
const indexFolder = mkdtempSync(join(tmpdir(), 'rag-quality-'));
const store = await openLmdbVectorStore(indexFolder);
const source = 'bench-emulator';
const indexStarted = performance.now();
const built = await buildIndex({ folder, store, client, source, countTokens: (texts) => countTokensBatch(texts), model: MODEL, dimension: DIMENSION });
const indexSeconds = (performance.now() - indexStarted) / 1000;
const indexOutputTypes = takeOutputTypes();
const set = { source, model: MODEL, dimension: DIMENSION };

const results = [];
for (const mode of MODES) {
  try {
    const started = performance.now();
    const evaluation = await evaluateRetrieval(
      reading.questions,
      async (query) => (await searchIndex({ store, client, set, query, topN: HITS, ...mode.options })).hits,
      { k: 5 },
    );
    const seconds = (performance.now() - started) / 1000;
    const queried = takeOutputTypes();
    const sparseQueried = [...queried].some((type) => type.includes('sparse'));
    if (mode.sparse && !sparseQueried) {
      results.push({ mode, missing: `searchIndex has no \`retrieval\` option yet (query embedded with output_type ${[...queried].join(', ')} only)` });
    } else results.push({ mode, evaluation, seconds });
  } catch (error) {
    takeOutputTypes();
    results.push({ mode, missing: `${error.name}: ${error.message}` });
  }
}
await store.close();
await emulator.close();
rmSync(indexFolder, { recursive: true, force: true });

const recallAt = (evaluation, k) => evaluation.ranks.filter((entry) => entry.rank !== null && entry.rank <= k).length / evaluation.questions;
const pct = (value) => `${(value * 100).toFixed(1)} %`;
const rows = results.map(({ mode, evaluation, seconds, missing }) =>
  missing
    ? `| ${mode.name} | missing | | | | ${missing} |`
    : `| ${mode.name} | ${pct(recallAt(evaluation, 1))} | **${pct(evaluation.recallAtK)}** | ${pct(recallAt(evaluation, HITS))} | **${evaluation.mrr.toFixed(3)}** | ${((seconds * 1000) / evaluation.questions).toFixed(0)} ms/question |`,
);
const measured = results.filter((result) => result.evaluation);
const perQuestion = reading.questions.map((question, position) => {
  const cells = measured.map(({ evaluation }) => evaluation.ranks[position].rank ?? '–');
  return `| ${question.id} | ${question.file} | ${cells.join(' | ')} |`;
});
const dropped = reading.dropped.map((entry) => `${entry.id} (${entry.reason}: ${entry.files.join(', ')})`);
const missingFiles = reading.missingFiles.map((entry) => `${entry.file} (${entry.id})`);
writeReport(
  'rag-quality.md',
  `# Retrieval quality over npm's docs

${machine()}

Docs: ${folder} (${built.files.total} files, ${built.chunks.total} chunks; indexed in ${indexSeconds.toFixed(1)} s with
${MODEL} @ ${DIMENSION} dims, embedding requests asked output_type ${[...indexOutputTypes].join(', ')}).
Questions: ${reading.questions.length} of the ${reading.questions.length + reading.dropped.length} in src/rag/quality/npm-docs-questions.json
(${reading.name}); dropped: ${dropped.length ? dropped.join('; ') : 'none'}; files absent from these docs: ${missingFiles.length ? missingFiles.join('; ') : 'none'}.

Offline on the emulator: its embedding is a hashed bag of words and its sparse vectors and rerank are lexical too,
so these numbers measure the pipeline (chunking, candidate selection, fusion, rerank plumbing) on real documents,
not the quality of DashScope's models. Each query asks for ${HITS} hits (rerank: ${RERANK} over the default 20 candidates).
A hit is relevant when its file answers the question (\`file\` or \`also\`); rank = position of the first relevant hit.

| retrieval | recall@1 | recall@5 | recall@10 | MRR@10 | time |
|---|---|---|---|---|---|
${rows.join('\n')}

<details><summary>Rank of the first relevant hit per question (– = not in the ${HITS} hits)</summary>

| question | answering file | ${measured.map(({ mode }) => mode.name).join(' | ')} |
|---|---|${measured.map(() => '---').join('|')}|
${perQuestion.join('\n')}

</details>
`,
);
