import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, posix } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

let files: Set<string>;
beforeAll(() => {
  const output = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  const [pack] = JSON.parse(output) as { files: { path: string }[] }[];
  files = new Set((pack?.files ?? []).map((file) => file.path));
});

describe('the npm tarball', () => {
  it('ships the MIT LICENSE of the dashscope-kit authors', () => {
    expect(files.has('LICENSE')).toBe(true);
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n/);
    expect(license).toContain('Copyright (c) 2026 the dashscope-kit authors');
    expect((JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { license: string }).license).toBe('MIT');
  });

  it('ships the CLI, the entry points and their types', () => {
    for (const path of ['dist/cli/main.js', 'dist/index.js', 'dist/index.d.ts', 'dist/emulator/index.js', 'dist/ai-sdk/index.js', 'dist/langchain/index.js', 'dist/factory/index.js', 'dist/factory/index.d.ts', 'dist/serve/index.js', 'assets/serve-page.html', 'README.md', 'package.json']) expect(files.has(path)).toBe(true);
  });

  it('has no source map that points at a missing file', () => {
    const missing: string[] = [];
    for (const path of files) {
      if (path.endsWith('.js')) {
        const url = /\/\/# sourceMappingURL=(\S+)\s*$/.exec(readFileSync(join(root, path), 'utf8'))?.[1];
        if (url && !url.startsWith('data:') && !files.has(posix.join(posix.dirname(path), url))) missing.push(`${path} -> ${url}`);
      }
      if (path.endsWith('.map')) {
        const map = JSON.parse(readFileSync(join(root, path), 'utf8')) as { sources?: string[]; sourceRoot?: string };
        for (const source of map.sources ?? []) {
          const resolved = posix.normalize(posix.join(posix.dirname(path), map.sourceRoot ?? '', source));
          if (!files.has(resolved)) missing.push(`${path} -> ${resolved}`);
        }
      }
    }
    expect(missing).toEqual([]);
  });
});
