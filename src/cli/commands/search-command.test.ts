import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import type { SearchJson } from './search-command.js';

let server: RunningEmulator;
let work: string;
let docs: string;
let index: string;

beforeAll(async () => {
  server = await startEmulatorServer();
  work = mkdtempSync(join(tmpdir(), 'dsk-search-'));
  docs = join(work, 'docs');
  index = join(work, 'index');
  mkdirSync(join(docs, 'guide'), { recursive: true });
  writeFileSync(join(docs, 'guide', 'proxy.md'), '---\ntitle: Proxy\n---\n\n## Configure a proxy\n\nSet the https-proxy option to route registry traffic through a corporate proxy server.\n');
  writeFileSync(join(docs, 'guide', 'cache.md'), '# Cache\n\n## Clean the cache\n\nRun the cache clean command to delete cached tarballs from disk.\n');
  writeFileSync(join(docs, 'tea.txt'), 'Green tea is steeped at 80 degrees for two minutes.\n');
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('dashscope-kit search', () => {
  it('prints { query, hits, searched, retrieval, embeddingModel, rerankModel, usage, index } with the best chunk first', async () => {
    const run = await runCliCaptured(['search', 'how do I configure a proxy server?', '--docs', docs, '--index', index, '--json'], { env: server.env });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as SearchJson;
    expect(Object.keys(json).sort()).toEqual(['embeddingModel', 'hits', 'index', 'query', 'rerankModel', 'retrieval', 'searched', 'usage']);
    expect(json.searched).toBe(3);
    expect(json.rerankModel).toBe('qwen3-rerank');
    expect(json.retrieval).toBe('hybrid');
    expect(json.hits[0]).toMatchObject({ rank: 1, file: 'guide/proxy.md', heading: 'Proxy > Configure a proxy', ordinal: 0, cosine: expect.any(Number), relevance_score: expect.any(Number) });
    expect(json.hits[0]?.text).toContain('https-proxy');
    expect(json.index.files.new).toEqual(['guide/cache.md', 'guide/proxy.md', 'tea.txt']);
  });

  it('keeps the cosine order and sends no rerank request with --no-rerank', async () => {
    const before = server.emulator.stats().models['qwen3-rerank']?.requests ?? 0;
    const run = await runCliCaptured(['search', 'clean the cache', '--docs', docs, '--index', index, '--no-rerank', '--top-n', '2', '--json'], { env: server.env });
    const json = JSON.parse(run.stdout) as SearchJson;
    expect(json.rerankModel).toBeNull();
    expect(json.hits.map((hit) => hit.relevance_score)).toEqual([null, null]);
    expect(json.hits[0]?.file).toBe('guide/cache.md');
    expect(json.hits[0]?.cosine).toBeGreaterThan(json.hits[1]?.cosine ?? 1);
    expect(server.emulator.stats().models['qwen3-rerank']?.requests ?? 0).toBe(before);
  });

  it('prints a table of rank, scores, file and heading', async () => {
    const run = await runCliCaptured(['search', 'green tea', '--docs', docs, '--index', index, '--top-n', '3'], { env: server.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rank.*rerank.*cosine.*sparse.*file.*heading/);
    expect(run.stdout).toMatch(/│ 1 +│ 0\.\d{4} +│ -?[01]\.\d{4} +│ \d+\.\d{4} +│ tea\.txt/);
  });

  it.each([[''], ['   ']])('refuses the empty query %j with exit 2 before indexing or sending anything', async (query) => {
    const fresh = join(work, 'untouched-index');
    const before = server.embeddingStats();
    const run = await runCliCaptured(['search', query, '--docs', docs, '--index', fresh], { env: server.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('The query is empty; nothing was indexed or sent.');
    expect(run.stderr).not.toContain('scanning');
    expect(existsSync(fresh)).toBe(false);
    expect(server.embeddingStats()).toEqual(before);
  });
});
