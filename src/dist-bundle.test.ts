import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The built dist/ (scripts/build.mjs: every entry point bundled in one esbuild run with shared chunks).
// These tests load the built files, not the sources: they prove what a user importing the package gets.
const root = new URL('../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { exports: Record<string, string | { types: string; default: string }> };
const built = (path: string) => new URL(path, root).href;

describe('the bundled dist', () => {
  it('is the esbuild bundle (shared chunks), not tsc\'s one file per module', () => {
    expect(existsSync(new URL('dist/chunks', root))).toBe(true);
    expect(existsSync(new URL('dist/client.js', root))).toBe(false);
    expect(existsSync(new URL('dist/client.d.ts', root))).toBe(true);
  });

  it('has every file of dist/ that a bench imports (the internal ones are BENCH_ENTRIES in scripts/build.mjs)', () => {
    const missing: string[] = [];
    for (const name of readdirSync(new URL('bench/', root)).filter((file) => file.endsWith('.mjs'))) {
      for (const [, path] of readFileSync(new URL(`bench/${name}`, root), 'utf8').matchAll(/['"]\.\.\/(dist\/[\w/.-]+\.js)['"]/g)) {
        if (!existsSync(new URL(path!, root))) missing.push(`${name}: ${path}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('loads every entry point in package.json exports, each with its declaration file', async () => {
    for (const [subpath, target] of Object.entries(pkg.exports)) {
      if (typeof target === 'string') continue;
      const module = (await import(built(target.default))) as Record<string, unknown>;
      expect(Object.keys(module).length, subpath).toBeGreaterThan(0);
      expect(readFileSync(new URL(target.types, root), 'utf8'), subpath).toContain('export');
    }
  });

  it('finds the files it ships from where the bundle placed the code: the vocabulary, package.json', async () => {
    const { countTokens } = (await import(built('dist/tokenizer/index.js'))) as typeof import('./tokenizer/index.js');
    expect(await countTokens('hello world')).toBe(2);
    const version = execFileSync(process.execPath, [fileURLToPath(new URL('dist/cli/main.js', root)), '--version'], { encoding: 'utf8' }).trim();
    expect(version).toBe((JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version);
  });

  it('shares one class between entry points: production code recognises the root client\'s errors', async () => {
    const { DashScope, InputValidationError } = (await import(built('dist/index.js'))) as typeof import('./index.js');
    const { embedMany } = (await import(built('dist/production/index.js'))) as typeof import('./production/index.js');
    const { createEmulator } = (await import(built('dist/emulator/index.js'))) as typeof import('./emulator/index.js');
    // Thrown by production code before any request, caught by the user against the root's class.
    const bad = await embedMany(new DashScope({ apiKey: 'sk-test-dist', baseURL: 'http://127.0.0.1:9' }), { model: 'text-embedding-v4', input: [42 as unknown as string] }).catch((error: unknown) => error);
    expect(bad).toBeInstanceOf(InputValidationError);
    // A 429 thrown by the root's client is a throttle to embedMany only if both see the same RateLimitError.
    const emulator = await createEmulator({ seed: 7, faults: { sequence: ['429'] } }).serve({ port: 0, host: '127.0.0.1' });
    try {
      const client = new DashScope({ apiKey: 'sk-test-dist', baseURL: emulator.url, maxRetries: 0 });
      const result = await embedMany(client, { model: 'text-embedding-v4', input: ['a', 'b'], dimension: 64 });
      expect(result.failures).toEqual([]);
      expect(result.stats).toMatchObject({ requests: 2, retries: 1, throttles: 1 });
    } finally {
      await emulator.close();
    }
  });
});
