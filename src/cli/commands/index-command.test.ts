import { appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import { defaultDocsFolder } from '../default-docs-folder.js';
import type { IndexReport } from '../../rag/build-index.js';
import { openLmdbVectorStore } from '../../rag/stores/open-lmdb-vector-store.js';

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
  const store = await openLmdbVectorStore(index);
  const count = (await store.listFiles()).find((record) => record.file === file)?.chunks.length ?? 0;
  await store.close();
  return count;
}

describe('dashscope-kit index', () => {
  it("indexes npm's docs in batches of at most 10 and prints the IndexReport for --json", async () => {
    const { report, requests, texts } = await indexJson();
    expect(report.files.total).toBeGreaterThanOrEqual(80);
    expect(report.files.new).toHaveLength(report.files.total);
    expect(report).toMatchObject({ source: server.url, model: 'text-embedding-v4', dimension: 1024, sparse: true, interrupted: false, index });
    expect(report.chunks.embedded).toBe(report.chunks.total);
    expect(texts).toBe(report.chunks.total);
    expect(requests).toBe(report.embeddingRequests);
    expect(requests).toBe(Math.ceil(report.chunks.total / 10));
    expect(Object.keys(report).sort()).toEqual(
      ['chunks', 'dimension', 'durationMs', 'embeddingRequests', 'embeddingTokens', 'files', 'folder', 'index', 'interrupted', 'model', 'planned', 'source', 'sparse', 'switchedFrom'].sort(),
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

  it('embeds into a set of its own for another source without calling any file changed, and switching back embeds nothing', async () => {
    const run = await runCliCaptured(['index', docs, '--index', index, '--json'], { env: {} });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as IndexReport;
    expect(report.source).toBe('builtin-emulator');
    expect(report.files.changed).toEqual([]);
    expect(report.files.unchanged).toBe(report.files.total);
    expect(report.switchedFrom).toMatchObject({ source: server.url, model: 'text-embedding-v4', dimension: 1024 });
    expect(report.chunks.embedded).toBe(report.chunks.total - report.chunks.duplicates);
    expect(run.stderr).toContain('index: switching to text-embedding-v4 @ 1024 dims (builtin-emulator)');
    const before = server.embeddingStats();
    const back = await runCliCaptured(['search', 'npm ci', '--docs', docs, '--index', index, '--json'], { env: server.env });
    expect(back.code).toBe(0);
    const backReport = (JSON.parse(back.stdout) as { index: IndexReport }).index;
    expect(backReport.switchedFrom?.source).toBe('builtin-emulator');
    expect(backReport.chunks.embedded).toBe(0);
    expect(server.embeddingStats().texts - before.texts).toBe(1);
    expect(back.stderr).toContain('nothing to embed, its vectors are still stored');
  });

  it('says what a dimension switch will embed, in tokens, before embedding it, and switching back is free', async () => {
    const run = await runCliCaptured(['index', docs, '--index', index, '--dimension', '512', '--json'], { env: server.env });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as IndexReport;
    expect(report.files.changed).toEqual([]);
    expect(report.planned.chunks).toBe(report.chunks.embedded);
    expect(report.planned.tokens).toBeGreaterThan(report.planned.chunks * 50);
    expect(run.stderr).toMatch(/index: switching to text-embedding-v4 @ 512 dims \(http:\/\/127\.0\.0\.1:\d+\) from text-embedding-v4 @ 1024 dims .*: \d+ chunks to embed \(~[\d,]+ tokens, /);
    const { report: back, requests } = await indexJson();
    expect(requests).toBe(0);
    expect(back.switchedFrom?.dimension).toBe(512);
    expect(back.planned).toEqual({ chunks: 0, tokens: 0, cost: null });
  });

  it('prints a one-line summary with file counts on stderr, leaving stdout to data', async () => {
    const run = await runCliCaptured(['index', docs, '--index', index], { env: server.env });
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^index: \d+ files \(0 new, 0 changed, \d+ unchanged, 0 removed\), \d+ chunks; no embedding requests, \d+ reused; \d+\.\d s$/m);
  });

  it('shows a bar from the first file scanned, then one for embedding, with a recent rate and a well-formed ETA on a terminal', async () => {
    const fresh = join(work, 'index-tty');
    const run = await runCliCaptured(['index', docs, '--index', fresh], { env: { ...server.env, NO_COLOR: '1' }, tty: true });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(/scanning \[[█░]+\] 0\/\d+ files \| 0% \| --\/s \| ETA --/);
    expect(run.stderr.indexOf('scanning [')).toBeLessThan(run.stderr.indexOf('embedding ['));
    expect(run.stderr).toMatch(/embedding \[[█░]+\] \d+\/\d+ chunks \| \d+% \| [\d.-]+\/s \| ETA/);
    for (const eta of run.stderr.matchAll(/ETA ([^\s\u001b]+)/g)) expect(eta[1]).toMatch(/^(--|\d{1,2}s|\d+m[0-5]\ds|\d+h[0-5]\dm)$/);
  });

  it('keeps counts that add up: repeated chunks are duplicates sharing one vector', async () => {
    const twice = join(work, 'twice');
    mkdirSync(twice);
    const text = '# Tea\n\nTea is a drink made from leaves.\n\n## Green\n\nGreen tea is not oxidised.\n';
    for (const name of ['a.md', 'b.md', 'c.md']) writeFileSync(join(twice, name), text);
    writeFileSync(join(twice, 'd.md'), '# Coffee\n\nCoffee is brewed from roasted beans.\n');
    const run = await runCliCaptured(['index', twice, '--index', join(work, 'index-twice'), '--json'], { env: server.env });
    expect(run.code).toBe(0);
    const { chunks } = JSON.parse(run.stdout) as IndexReport;
    expect(chunks.total).toBe(4);
    expect(chunks).toMatchObject({ embedded: 2, reused: 0, duplicates: 2, pending: 0 });
    expect(chunks.embedded + chunks.reused + chunks.duplicates + chunks.pending).toBe(chunks.total);
  });

  it('skips binary and non-UTF-8 files with a warning naming each, and counts them', async () => {
    const mixed = join(work, 'mixed');
    mkdirSync(mixed);
    writeFileSync(join(mixed, 'guide.md'), '# Guide\n\nRead the guide before you install.\n');
    writeFileSync(join(mixed, 'ls.md'), readFileSync(process.execPath).subarray(0, 65_536));
    writeFileSync(join(mixed, 'latin1.txt'), Buffer.from('caf\xe9 cr\xe8me', 'latin1'));
    const run = await runCliCaptured(['index', mixed, '--index', join(work, 'index-mixed'), '--json'], { env: server.env });
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as IndexReport;
    expect(report.files.skipped).toEqual([
      { file: 'latin1.txt', reason: 'invalid-utf8' },
      { file: 'ls.md', reason: 'binary' },
    ]);
    expect(report.files.total).toBe(1);
    expect(report.chunks.total).toBe(1);
    expect(run.stderr).toContain('warning: skipped ls.md: binary (NUL bytes)');
    expect(run.stderr).toContain('warning: skipped latin1.txt: not valid UTF-8');
  });

  it('indexes Markdown and code side by side, skips lockfiles and minified scripts with a warning, and search finds a function by its name with its path', async () => {
    const mixed = join(work, 'with-code');
    mkdirSync(join(mixed, 'src'), { recursive: true });
    mkdirSync(join(mixed, 'vendor'));
    writeFileSync(join(mixed, 'guide.md'), '# Guide\n\n## Install\n\nRun npm install to add the kit to a project, then create a client.\n');
    writeFileSync(
      join(mixed, 'src', 'config.ts'),
      "import { readFile } from 'node:fs/promises';\n\n/** Reads the JSON settings file of a project. */\nexport async function loadProjectSettings(path: string): Promise<unknown> {\n  return JSON.parse(await readFile(path, 'utf8'));\n}\n\nexport function retryDelayMs(attempt: number): number {\n  return Math.min(30_000, 500 * 2 ** attempt);\n}\n",
    );
    writeFileSync(join(mixed, 'src', 'tokens.py'), 'def count_tokens(text: str) -> int:\n    """Counts whitespace-separated tokens."""\n    return len(text.split())\n');
    writeFileSync(join(mixed, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    writeFileSync(join(mixed, 'vendor', 'chart.min.js'), 'var a=1;\n');
    const store = join(work, 'index-with-code');
    const indexed = await runCliCaptured(['index', mixed, '--index', store, '--json'], { env: server.env });
    expect(indexed.code).toBe(0);
    const report = JSON.parse(indexed.stdout) as IndexReport;
    expect(report.files.new).toEqual(['guide.md', 'src/config.ts', 'src/tokens.py']);
    expect(report.files.skipped).toEqual([
      { file: 'package-lock.json', reason: 'lockfile' },
      { file: 'vendor/chart.min.js', reason: 'minified' },
    ]);
    expect(indexed.stderr).toContain('warning: skipped package-lock.json: a lockfile');
    expect(indexed.stderr).toContain('warning: skipped vendor/chart.min.js: minified');
    const search = await runCliCaptured(['search', 'loadProjectSettings', '--docs', mixed, '--index', store, '--json'], { env: server.env });
    expect(search.code).toBe(0);
    const hit = (JSON.parse(search.stdout) as { hits: { file: string; heading: string; text: string }[] }).hits[0];
    expect(hit?.file).toBe('src/config.ts');
    expect(hit?.heading).toMatch(/^src\/config\.ts \(TypeScript\) L\d+–L\d+ > export async function loadProjectSettings\(path: string\): Promise<unknown>$/);
    expect(hit?.text).toContain('return JSON.parse(await readFile(path');
  });

  it('exits 7 with a hint for a docs folder that does not exist', async () => {
    const run = await runCliCaptured(['index', join(work, 'nope'), '--index', index], { env: server.env });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain('hint: Pass a folder');
  });

  it('exits 7 at once for an index folder that cannot be created, even under /proc where recursive mkdir spins forever', async () => {
    const proc = await runCliCaptured(['index', docs, '--index', '/proc/dashscope-kit-test/idx'], { env: server.env });
    expect(proc.code).toBe(7);
    expect(proc.stderr).toContain('Cannot create the index folder /proc/dashscope-kit-test/idx');
    expect(proc.stderr).toContain('hint: Pass a folder you can write to with --index <dir>.');
    const underFile = await runCliCaptured(['index', docs, '--index', join(docs, 'commands', 'npm-install.md', 'idx')], { env: server.env });
    expect(underFile.code).toBe(7);
    expect(underFile.stderr).toContain('ENOTDIR');
  });

  it('exits 7, not 1, for a docs folder that cannot be read or is a file', async () => {
    const loop = join(work, 'loop');
    symlinkSync(loop, loop);
    const unreadable = await runCliCaptured(['index', loop, '--index', index], { env: server.env });
    expect(unreadable.code).toBe(7);
    expect(unreadable.stderr).toContain(`Cannot read ${loop} (ELOOP)`);
    expect(unreadable.stderr).not.toContain('looks like a bug');
    const file = await runCliCaptured(['index', join(docs, 'commands', 'npm-install.md'), '--index', index], { env: server.env });
    expect(file.code).toBe(7);
    expect(file.stderr).toContain('is a file, not a folder');
  });

  it('exits 7 for a truncated or overwritten index instead of crashing, and --rebuild starts it again', async () => {
    const small = join(work, 'small');
    mkdirSync(small);
    writeFileSync(join(small, 'tea.md'), '# Tea\n\nTea is a drink made from leaves.\n');
    const store = join(work, 'index-damaged');
    expect((await runCliCaptured(['index', small, '--index', store], { env: server.env })).code).toBe(0);
    const data = join(store, 'data.mdb');
    const healthy = readFileSync(data);
    truncateSync(data, 20_000);
    const truncated = await runCliCaptured(['search', 'tea', '--docs', small, '--index', store], { env: server.env });
    expect(truncated.code).toBe(7);
    expect(truncated.stderr).toContain(`The index at ${store} is damaged`);
    expect(truncated.stderr).toContain('hint: Rerun with --rebuild');
    writeFileSync(data, Buffer.concat([Buffer.alloc(8192, 0xab), healthy.subarray(8192)]));
    const overwritten = await runCliCaptured(['search', 'tea', '--docs', small, '--index', store, '--json'], { env: server.env });
    expect(overwritten.code).toBe(7);
    expect(JSON.parse(overwritten.stderr).error).toMatchObject({ exitCode: 7, hint: expect.stringContaining('--rebuild') });
    const rebuilt = await runCliCaptured(['search', 'tea', '--docs', small, '--index', store, '--rebuild', '--json'], { env: server.env });
    expect(rebuilt.code).toBe(0);
    expect((JSON.parse(rebuilt.stdout) as { hits: { file: string }[] }).hits[0]?.file).toBe('tea.md');
  });

  it('refuses two different docs folders (a folder and --docs) with exit 2 before indexing', async () => {
    const fresh = join(work, 'two-folders-index');
    const run = await runCliCaptured(['index', docs, '--docs', join(work, 'other'), '--index', fresh], { env: server.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain(`Two docs folders: ${docs} and --docs ${join(work, 'other')}; nothing was indexed.`);
    expect(existsSync(fresh)).toBe(false);
  });

  it('accepts the same folder given as the argument and as --docs', async () => {
    const small = join(work, 'same-folder');
    mkdirSync(small, { recursive: true });
    writeFileSync(join(small, 'tea.md'), '# Tea\n\nGreen tea is steeped at 80 degrees.\n');
    const run = await runCliCaptured(['index', small, '--docs', `${small}/`, '--index', join(work, 'same-folder-index'), '--json'], { env: server.env });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as IndexReport).files.new).toEqual(['tea.md']);
  });

  it('exits 7 naming the path when the docs folder is a file', async () => {
    const file = join(work, 'not-a-folder.md');
    writeFileSync(file, '# Not a folder\n');
    const run = await runCliCaptured(['index', file, '--index', join(work, 'file-index')], { env: server.env });
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(`${file} is a file, not a folder.`);
    expect(run.stderr).not.toMatch(/bug/);
  });

  it.skipIf(process.getuid?.() === 0)('exits 7 naming the path when a docs file cannot be read (chmod 000; skipped as root, who reads anything)', async () => {
    const locked = join(work, 'locked-docs');
    mkdirSync(locked, { recursive: true });
    writeFileSync(join(locked, 'open.md'), '# Open\n\nReadable.\n');
    writeFileSync(join(locked, 'secret.md'), '# Secret\n');
    chmodSync(join(locked, 'secret.md'), 0o000);
    const run = await runCliCaptured(['index', locked, '--index', join(work, 'locked-index')], { env: server.env });
    chmodSync(join(locked, 'secret.md'), 0o644);
    expect(run.code).toBe(7);
    expect(run.stderr).toContain(`Cannot read ${join(locked, 'secret.md')} (EACCES).`);
  });
});
