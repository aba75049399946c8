import { appendFileSync, cpSync, mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import { defaultDocsFolder } from '../default-docs-folder.js';
import type { IndexReport } from '../rag/build-index.js';
import { IndexStore } from '../rag/index-store.js';

let server: RunningEmulator;
let work: string;
let docs: string;
let index: string;

beforeAll(async () => {
  server = await startEmulatorServer();
  work = mkdtempSync(join(tmpdir(), 'dsk-index-'));
  docs = join(work, 'docs');
  index = join(work, 'index');
  cpSync(await defaultDocsFolder(), docs, { recursive: true });
});
afterAll(async () => {
  await server.close();
  rmSync(work, { recursive: true, force: true });
});

async function indexJson(): Promise<{ report: IndexReport; requests: number; texts: number }> {
  const before = server.embeddingStats();
  const run = await runCliCaptured(['index', docs, '--index', index, '--json'], { env: server.env });
  expect(run.code).toBe(0);
  const after = server.embeddingStats();
  return { report: JSON.parse(run.stdout) as IndexReport, requests: after.requests - before.requests, texts: after.texts - before.texts };
}

async function chunksOf(file: string): Promise<number> {
  const store = IndexStore.open(index);
  const count = store.listFiles().find((record) => record.file === file)?.chunks.length ?? 0;
  await store.close();
  return count;
}

describe('dashscope-kit index', () => {
  it("indexes npm's docs in batches of at most 10 and prints the IndexReport for --json", async () => {
    const { report, requests, texts } = await indexJson();
    expect(report.files.total).toBeGreaterThanOrEqual(80);
    expect(report.files.new).toHaveLength(report.files.total);
    expect(report).toMatchObject({ source: server.url, model: 'text-embedding-v4', dimension: 1024, interrupted: false, index });
    expect(report.chunks.embedded).toBe(report.chunks.total);
    expect(texts).toBe(report.chunks.total);
    expect(requests).toBe(report.embeddingRequests);
    expect(requests).toBe(Math.ceil(report.chunks.total / 10));
    expect(Object.keys(report).sort()).toEqual(
      ['chunks', 'dimension', 'durationMs', 'embeddingRequests', 'embeddingTokens', 'files', 'folder', 'index', 'interrupted', 'model', 'source'].sort(),
    );
  });

  it('makes zero embedding requests on a second run, as the emulator counts them', async () => {
    const { report, requests } = await indexJson();
    expect(requests).toBe(0);
    expect(report.files.unchanged).toBe(report.files.total);
    expect(report.chunks.embedded).toBe(0);
  });

  it("re-embeds only the edited file's chunks", async () => {
    appendFileSync(join(docs, 'commands', 'npm-ci.md'), '\n\n### Offline use\n\nThe lockfile makes npm ci repeatable on a build server without network surprises.\n');
    const { report, texts } = await indexJson();
    expect(report.files.changed).toEqual(['commands/npm-ci.md']);
    expect(texts).toBeGreaterThan(0);
    expect(texts).toBeLessThanOrEqual(await chunksOf('commands/npm-ci.md'));
    expect(report.chunks.embedded).toBe(texts);
  });

  it('drops a removed file without embedding anything', async () => {
    unlinkSync(join(docs, 'commands', 'npm-ci.md'));
    const { report, requests } = await indexJson();
    expect(report.files.removed).toEqual(['commands/npm-ci.md']);
    expect(requests).toBe(0);
    expect(await chunksOf('commands/npm-ci.md')).toBe(0);
  });

  it('re-embeds everything when the vectors would come from another source, so lexical and DashScope vectors never mix', async () => {
    const run = await runCliCaptured(['index', docs, '--index', index, '--json'], { env: {} });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as IndexReport;
    expect(report.source).toBe('builtin-emulator');
    expect(report.files.changed).toHaveLength(report.files.total);
    expect(report.chunks.embedded).toBe(report.chunks.total);
    const back = await runCliCaptured(['search', 'npm ci', '--docs', docs, '--index', index, '--json'], { env: server.env });
    expect(back.code).toBe(0);
    expect((JSON.parse(back.stdout) as { index: IndexReport }).index.files.changed).toHaveLength(report.files.total);
  });

  it('prints a one-line summary with file counts', async () => {
    const run = await runCliCaptured(['index', docs, '--index', index], { env: server.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^index: \d+ files \(0 new, 0 changed, \d+ unchanged, 0 removed\), \d+ chunks; no embedding requests; \d+\.\d s\n$/);
  });

  it('shows a progress bar with counts and ETA on a terminal', async () => {
    const fresh = join(work, 'index-tty');
    const run = await runCliCaptured(['index', docs, '--index', fresh], { env: { ...server.env, NO_COLOR: '1' }, tty: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/embedding \[[█░]+\] \d+\/\d+ chunks \| \d+% \| \d+\/s \| ETA/);
  });

  it('exits 7 with a hint for a docs folder that does not exist', async () => {
    const run = await runCliCaptured(['index', join(work, 'nope'), '--index', index], { env: server.env });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain('hint: Pass a folder');
  });
});
