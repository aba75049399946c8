import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';

let server: RunningEmulator;
beforeAll(async () => {
  server = await startEmulatorServer();
});
afterAll(async () => {
  await server.close();
});

const DOCUMENTS = ['npm ci installs from a lockfile', 'npm publish uploads a package to the registry', 'tea is a drink'];

describe('dashscope-kit rerank', () => {
  it('prints a ranked table with scores, best match first', async () => {
    const run = await runCliCaptured(['rerank', 'how do I publish a package?', ...DOCUMENTS], { env: server.env });
    expect(run.code).toBe(0);
    const publishRow = run.stdout.split('\n').findIndex((line) => line.includes('npm publish uploads'));
    const teaRow = run.stdout.split('\n').findIndex((line) => line.includes('tea is a drink'));
    expect(publishRow).toBeGreaterThan(0);
    expect(publishRow).toBeLessThan(teaRow);
    expect(run.stdout).toMatch(/│ 1 +│ 0\.\d{4}/);
  });

  it('prints { model, query, results, usage, request_id } for --json and honours --top-n', async () => {
    const run = await runCliCaptured(['rerank', '--json', '--top-n', '2', 'publish a package'], { env: server.env, stdin: `${DOCUMENTS.join('\n')}\n` });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { results: Array<Record<string, unknown>> } & Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['model', 'query', 'request_id', 'results', 'usage']);
    expect(json.results).toHaveLength(2);
    expect(json.results[0]).toEqual({ rank: 1, index: 1, line: 2, relevance_score: expect.any(Number), document: DOCUMENTS[1] });
  });

  it('refuses top-n 0 before any request, exit 2', async () => {
    const run = await runCliCaptured(['rerank', '--top-n', '0', 'q', 'd'], { env: server.env });
    expect(run.code).toBe(2);
  });
});
