import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
});

async function serveList(ids: string[]): Promise<string> {
  server = createServer((request, response) => {
    if (request.url !== '/compatible-mode/v1/models') return void response.writeHead(404).end('{}');
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ object: 'list', data: ids.map((id) => ({ id, object: 'model', created: 0, owned_by: 'system' })) }));
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server!.address() as AddressInfo).port}`;
}

describe('dashscope-kit models --live', () => {
  it('lists the built-in emulator’s models offline, all known to the catalog', async () => {
    const run = await runCliCaptured(['models', '--live', '--json']);
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('offline');
    const report = JSON.parse(run.stdout) as { live: { id: string; kind: string | null }[]; missingFromCatalog: string[]; missingLive: string[] };
    expect(report.live.map((model) => model.id)).toContain('qwen3.6-plus');
    expect(report.live.find((model) => model.id === 'text-embedding-v4')?.kind).toBe('embedding');
    expect(report.missingFromCatalog).toEqual([]);
    expect(report.missingLive).toEqual([]);
  });

  it('flags live models the catalog lacks and catalog models not listed live', async () => {
    const baseURL = await serveList(['qwen-plus', 'qwen9-mystery', 'text-embedding-v4']);
    const run = await runCliCaptured(['models', '--live'], { env: { DASHSCOPE_API_KEY: 'sk-test-live', DASHSCOPE_BASE_URL: baseURL } });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/qwen9-mystery\s+│?\s*—\s+│?\s*not in catalog/);
    expect(run.stdout).toMatch(/qwen3\.6-plus\s+│?\s*catalog\s+│?\s*not listed live/);
    expect(run.stdout).toMatch(/3 live models in cn-beijing; 1 the catalog lacks, \d+ catalog models not listed live\./);
    expect(run.stdout).not.toMatch(/qwen-plus\s+│?\s*chat\s+│?\s*not/);
  });
});
