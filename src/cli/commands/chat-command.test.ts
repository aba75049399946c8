import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulatorServer, type RunningEmulator } from '../../test-support/emulator-server.js';
import { runCliCaptured } from '../../test-support/run-cli-captured.js';
import { OFFLINE_NOTICE } from '../cli-context.js';

let server: RunningEmulator;
beforeAll(async () => {
  server = await startEmulatorServer({ apiKeys: ['sk-test-cli'] });
});
afterAll(async () => {
  await server.close();
});

describe('dashscope-kit chat', () => {
  it('streams the answer to stdout and says once on stderr that it is offline without a key', async () => {
    const run = await runCliCaptured(['chat', '--system', 'npm ci installs from the lockfile.', 'What does npm ci install from?']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('lockfile');
    expect(run.stderr).toBe(`${OFFLINE_NOTICE}\n`);
  });

  it('answers a prompt without context offline by saying what it is, not that a context lacked the answer', async () => {
    const run = await runCliCaptured(['chat', 'Hello']);
    expect(run.code).toBe(0);
    expect(run.stdout).toBe("Hello! I am dashscope-kit's offline lexical emulator, not Qwen: I answer by quoting passages given in the conversation.\n");
    expect(run.stdout).not.toContain('could not find the answer');
  });

  it('reads the prompt from stdin', async () => {
    const run = await runCliCaptured(['chat', '--json', '--system', 'Tea is a drink.'], { env: server.env, stdin: 'What is tea?\n' });
    expect(run.code).toBe(0);
    expect((JSON.parse(run.stdout) as { content: string }).content).toContain('Tea is a drink');
  });

  it('prints { model, request_id, content, reasoning_content, finish_reason, usage } for --json with --thinking', async () => {
    const run = await runCliCaptured(['chat', '--json', '--thinking', '--system', 'Paris is in France.', 'Where is Paris?'], { env: server.env });
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as Record<string, unknown>;
    expect(Object.keys(json).sort()).toEqual(['content', 'finish_reason', 'model', 'reasoning_content', 'request_id', 'usage']);
    expect(json).toMatchObject({ model: 'qwen-plus', finish_reason: 'stop', content: expect.stringContaining('France') });
    expect(json.usage).toMatchObject({ input_tokens: expect.any(Number), output_tokens: expect.any(Number), total_tokens: expect.any(Number) });
  });

  it('shows reasoning dimmed on stderr and the answer on stdout with --thinking', async () => {
    const run = await runCliCaptured(['chat', '--thinking', '--system', 'Paris is in France.', 'Where is Paris?'], { env: { ...server.env, FORCE_COLOR: '1' } });
    expect(run.code).toBe(0);
    expect(run.stderr).toContain('\u001b[2m');
    expect(run.stdout).toContain('France');
    expect(run.stdout).not.toContain('\u001b[2m');
  });

  it('exits 2 without a prompt and sends nothing', async () => {
    const before = server.emulator.stats().totals.requests;
    const run = await runCliCaptured(['chat'], { env: server.env });
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('No prompt');
    expect(server.emulator.stats().totals.requests).toBe(before);
  });

  it('says the server at DASHSCOPE_BASE_URL refused the key, exit 3, without printing the key', async () => {
    const run = await runCliCaptured(['chat', 'Hello'], { env: { ...server.env, DASHSCOPE_API_KEY: 'sk-test-wrongregion-secret' } });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain('dashscope-kit: 401 InvalidApiKey');
    expect(run.stderr).toContain('hint: ');
    expect(run.stderr).toContain(`hint: The server at ${server.url} refused the key (401).`);
    expect(run.stderr).not.toContain('region');
    expect(run.stderr).not.toContain('wrongregion-secret');
    expect(run.stderr.trim().split('\n')).toHaveLength(2);
  });
});
