import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { startPgliteSocketServer, type RunningPostgres } from '../../test-support/pglite-socket-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import type { IndexReport } from '../../rag/build-index.js';
import type { AskJson } from './ask-command.js';
import type { SearchJson } from './search-command.js';

let server: RunningEmulator;
let postgres: RunningPostgres;
let work: string;
let docs: string;

beforeAll(async () => {
  [server, postgres] = await Promise.all([startEmulatorServer(), startPgliteSocketServer()]);
  work = mkdtempSync(join(tmpdir(), 'dsk-store-option-'));
  docs = join(work, 'docs');
  mkdirSync(join(docs, 'guide'), { recursive: true });
  writeFileSync(join(docs, 'guide', 'proxy.md'), '# Proxy\n\n## Configure a proxy\n\nSet the https-proxy option to route registry traffic through a corporate proxy server.\n');
  writeFileSync(join(docs, 'guide', 'cache.md'), '# Cache\n\n## Clean the cache\n\nRun the cache clean command to delete cached tarballs from disk.\n');
  writeFileSync(join(docs, 'tea.md'), '# Tea\n\nGreen tea is steeped at 80 degrees for two minutes.\n');
}, 60_000);
afterAll(async () => {
  await Promise.all([server.close(), postgres.close()]);
  rmSync(work, { recursive: true, force: true });
});

async function cli(argv: string[]): Promise<{ stdout: string; stderr: string }> {
  const run = await runCliCaptured([...argv, '--docs', docs, '--store', postgres.url, '--json'], { env: server.env, cwd: work });
  expect(run.stderr).not.toContain('sk-test-secret');
  expect(run.stdout).not.toContain('sk-test-secret');
  expect(run.code).toBe(0);
  return run;
}

describe('index, search and ask with --store postgres://', () => {
  it('indexes into PostgreSQL (nothing in the working folder), then re-embeds nothing', async () => {
    const first = JSON.parse((await cli(['index'])).stdout) as IndexReport;
    expect(first.index).toMatch(/^postgres:\/\/postgres@127\.0\.0\.1:\d+\/postgres$/);
    expect(first).toMatchObject({ sparse: true, interrupted: false });
    expect(first.chunks.embedded).toBe(first.chunks.total);
    const second = JSON.parse((await cli(['index'])).stdout) as IndexReport;
    expect(second.chunks.embedded).toBe(0);
    expect(second.files.unchanged).toBe(3);
    expect(existsSync(join(work, '.dashscope-kit', 'index'))).toBe(false);
  });

  it('searches hybrid and answers with citations from the same store', async () => {
    const search = JSON.parse((await cli(['search', 'configure a proxy server'])).stdout) as SearchJson;
    expect(search.retrieval).toBe('hybrid');
    expect(search.hits[0]).toMatchObject({ file: 'guide/proxy.md', relevance_score: expect.any(Number) });
    const ask = JSON.parse((await cli(['ask', 'How do I configure a proxy?'])).stdout) as AskJson;
    expect(ask.index.chunks.embedded).toBe(0);
    expect(ask.citations.length).toBeGreaterThan(0);
    expect(ask.sources.filter((source) => source.cited).map((source) => source.file)).toContain('guide/proxy.md');
  });
});
