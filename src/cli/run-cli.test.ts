import { describe, expect, it } from 'vitest';
import { runCliCaptured } from '../test-support/run-cli-captured.js';

const COMMANDS = ['chat', 'embed', 'rerank', 'models', 'emulator', 'index', 'search', 'ask', 'demo'];

describe('runCli', () => {
  it.each(COMMANDS)('prints help with examples and the --json option for %s, exit 0', async (command) => {
    const run = await runCliCaptured([command, '--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain(`Usage: dashscope-kit ${command}`);
    expect(run.stdout).toContain('Examples:');
    expect(run.stdout).toContain('--json');
    expect(run.stderr).toBe('');
  });

  it('lists every command, the environment and the exit codes in the top-level help', async () => {
    const run = await runCliCaptured(['--help']);
    expect(run.code).toBe(0);
    for (const command of COMMANDS) expect(run.stdout).toContain(`  ${command} `);
    expect(run.stdout).toContain('DASHSCOPE_API_KEY');
    expect(run.stdout).toContain('130 interrupted');
  });

  it('shows help and exits 2 without a command', async () => {
    const run = await runCliCaptured([]);
    expect(run.code).toBe(2);
    expect(run.stdout).toContain('Usage: dashscope-kit');
  });

  it('prints the package version', async () => {
    const run = await runCliCaptured(['--version']);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reports an unknown option as one line with a hint and exit 2', async () => {
    const run = await runCliCaptured(['models', '--nope']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("dashscope-kit: unknown option '--nope'\nhint: See --help for usage and examples.\n");
    expect(run.stdout).toBe('');
  });

  it('reports a bad option value before doing anything, exit 2', async () => {
    const run = await runCliCaptured(['search', 'x', '--top-k', 'many']);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('expected a whole number');
  });

  it('reports errors as one JSON line on stderr with --json', async () => {
    const run = await runCliCaptured(['models', '--region', 'mars', '--json']);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] ?? '')).toEqual({
      error: { type: 'UsageError', message: 'Unknown region "mars".', hint: expect.stringContaining('singapore'), exitCode: 2 },
    });
  });
});
