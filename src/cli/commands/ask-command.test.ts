import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import type { AskJson } from './ask-command.js';

let server: RunningEmulator;
let work: string;
let index: string;

beforeAll(async () => {
  server = await startEmulatorServer();
  work = mkdtempSync(join(tmpdir(), 'dsk-ask-'));
  index = join(work, 'index');
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

async function ask(question: string): Promise<AskJson> {
  const run = await runCliCaptured(['ask', question, '--index', index, '--json'], { env: server.env });
  expect(run.code).toBe(0);
  return JSON.parse(run.stdout) as AskJson;
}

const QUESTIONS: Array<{ question: string; terms: RegExp[] }> = [
  { question: 'How do I publish a scoped package publicly?', terms: [/publish/i, /scope/i] },
  { question: 'What does npm ci do?', terms: [/npm ci\b/i] },
  { question: 'How do I set the registry in .npmrc?', terms: [/registry/i] },
];

describe("dashscope-kit ask on npm's docs, against the emulator over HTTP", () => {
  it.each(QUESTIONS)('cites sources that really contain the key terms of "$question"', async ({ question, terms }) => {
    const json = await ask(question);
    expect(json.offline).toBe(false);
    expect(json.citations.length).toBeGreaterThan(0);
    const cited = json.sources.filter((source) => source.cited);
    expect(cited.map((source) => source.n)).toEqual([...json.citations].sort((left, right) => left - right));
    for (const source of cited) {
      for (const term of terms) expect(`${source.heading}\n${source.text}`).toMatch(term);
      expect(source.file).toMatch(/\.md$/);
    }
    for (const n of json.citations) expect(json.answer).toContain(`[${n}]`);
  });

  it('prints { question, answer, citations, sources, model, usage, offline, index } for --json', async () => {
    const json = await ask('What is a package.json file?');
    expect(Object.keys(json).sort()).toEqual(['answer', 'citations', 'index', 'model', 'offline', 'question', 'sources', 'usage']);
    expect(json.sources).toHaveLength(5);
    expect(Object.keys(json.sources[0] ?? {}).sort()).toEqual(['cited', 'cosine', 'file', 'heading', 'n', 'relevance_score', 'text']);
    expect(json.usage).toMatchObject({ chat: { total_tokens: expect.any(Number) }, embedding_tokens: expect.any(Number), rerank_tokens: expect.any(Number) });
    expect(json.index.embeddingRequests).toBe(0);
  });

  it('streams the answer, then lists the cited sources by file and heading', async () => {
    const run = await runCliCaptured(['ask', 'How do I publish a scoped package publicly?', '--index', index], { env: server.env });
    expect(run.code).toBe(0);
    const [answer, sources] = run.stdout.split('\nSources\n');
    expect(answer).toMatch(/\[\d\]/);
    expect(sources).toMatch(/^ {2}\[\d\] [\w/-]+\.md — .+ \(relevance 0\.\d{3}\)$/m);
    expect(run.stderr).toMatch(/^index: \d+ files \(0 new/m);
  });

  it('refuses an empty question with exit 2 before indexing or sending anything', async () => {
    const fresh = join(work, 'untouched-index');
    const before = server.embeddingStats();
    const run = await runCliCaptured(['ask', ' ', '--index', fresh], { env: server.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The question is empty; nothing was indexed or sent.');
    expect(existsSync(fresh)).toBe(false);
    expect(server.embeddingStats()).toEqual(before);
  });
});
