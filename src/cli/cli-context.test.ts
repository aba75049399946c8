import { execFile } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../test-support/emulator-server.js';
import { OFFLINE_NOTICE } from './cli-context.js';

const main = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', 'cli', 'main.js');

function run(args: string[], extra: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', ...extra };
  for (const name of ['DASHSCOPE_API_KEY', 'DASHSCOPE_BASE_URL', 'DASHSCOPE_REGION', 'DASHSCOPE_WORKSPACE']) if (!(name in extra)) delete env[name];
  return new Promise((resolve) => {
    execFile(process.execPath, [main, ...args], { env }, (error, stdout, stderr) => {
      const code = error && typeof error.code === 'number' ? error.code : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

let server: RunningEmulator;
beforeAll(async () => {
  server = await startEmulatorServer();
});
afterAll(async () => {
  await server.close();
});

describe('the client a CLI run uses', () => {
  it('refuses DASHSCOPE_BASE_URL without an API key with exit 2, and sends nothing', async () => {
    const result = await run(['embed', 'hello'], { DASHSCOPE_BASE_URL: server.url });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`dashscope-kit: DASHSCOPE_BASE_URL is set (${server.url}) but DASHSCOPE_API_KEY is not.`);
    expect(result.stderr).toContain('hint: Set DASHSCOPE_API_KEY');
    expect(result.stderr).not.toContain(OFFLINE_NOTICE);
    expect(server.embeddingStats().requests).toBe(0);
  });

  it('reports the missing key as one JSON error line with --json', async () => {
    const result = await run(['embed', '--json', 'hello'], { DASHSCOPE_BASE_URL: server.url, DASHSCOPE_API_KEY: '  ' });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(JSON.parse(result.stderr)).toMatchObject({ error: { type: 'UsageError', exitCode: 2 } });
  });

  it('runs offline on the built-in emulator when neither the key nor the base URL is set', async () => {
    const result = await run(['embed', 'hello'], {});
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(OFFLINE_NOTICE);
    expect(JSON.parse(result.stdout)).toMatchObject({ index: 0 });
  });

  it('calls the base URL when both are set', async () => {
    const before = server.embeddingStats().requests;
    const result = await run(['embed', 'hello'], server.env);
    expect(result.code).toBe(0);
    expect(result.stderr).not.toContain(OFFLINE_NOTICE);
    expect(server.embeddingStats().requests).toBe(before + 1);
  });
});
