import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type EmulatorServer } from './emulator/index.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const snippets = [...readFileSync(join(root, 'README.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1] ?? '');
const run = promisify(execFile);
let server: EmulatorServer;

beforeAll(async () => {
  server = await createEmulator({ seed: 3 }).serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe('README TypeScript snippets', () => {
  it('has snippets to run', () => {
    expect(snippets.length).toBeGreaterThanOrEqual(2);
  });

  it.each(snippets.map((code, index) => [index, code] as const))('runs snippet %i against the emulator as a user would', async (index, code) => {
    const directory = join(root, '.dashscope-kit', 'readme-snippets');
    mkdirSync(directory, { recursive: true });
    const file = join(directory, `snippet-${index}.mjs`);
    writeFileSync(file, code);
    const { stdout } = await run(process.execPath, [file], {
      cwd: root,
      env: { ...process.env, DASHSCOPE_API_KEY: 'sk-test-readme', DASHSCOPE_BASE_URL: server.url },
      timeout: 20_000,
    });
    expect(stdout.length).toBeGreaterThan(0);
  });
});
