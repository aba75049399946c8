import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliCaptured } from '../test-support/run-cli-captured.js';
import { runCli } from './run-cli.js';

const readme = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

function cliSectionCommands(): string[][] {
  const section = readme.split('\n## The CLI\n')[1]?.split('\n## ')[0] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => line.startsWith('npx dashscope-kit '))
    .map((line) => [...line.slice('npx dashscope-kit '.length).matchAll(/"([^"]*)"|(\S+)/g)].map((match) => match[1] ?? match[2] ?? ''));
}

async function runUntilListening(argv: string[]): Promise<number> {
  const stdout = new PassThrough();
  const controller = new AbortController();
  stdout.on('data', (chunk: Buffer) => {
    if (chunk.toString().startsWith('http://127.0.0.1:')) controller.abort();
  });
  return runCli(argv, { stdout, stderr: new PassThrough(), stdin: Readable.from([]), env: {}, cwd: work, signal: controller.signal });
}

let work: string;
beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'dsk-readme-'));
});
afterAll(() => {
  rmSync(work, { recursive: true, force: true });
});

describe('the README', () => {
  it('shows the CLI commands this test runs', () => {
    expect(cliSectionCommands().map((argv) => argv[0])).toEqual(['demo', 'index', 'search', 'ask', 'chat', 'embed', 'rerank', 'models', 'models', 'emulator']);
  });

  it.each(cliSectionCommands().map((argv) => [argv.join(' '), argv] as const))('runs "dashscope-kit %s" offline with exit 0', async (_, argv) => {
    if (argv[0] === 'emulator') {
      expect(await runUntilListening([...argv])).toBe(0);
      return;
    }
    const run = await runCliCaptured([...argv], { cwd: work });
    expect(run.stderr).not.toContain('dashscope-kit:');
    expect(run.code).toBe(0);
    if (argv[0] === 'index') expect(run.stderr).toMatch(/^index: \d+ files \(/m);
    else expect(run.stdout.trim()).not.toBe('');
  });
});
