// Builds dist/: type declarations from tsc, JavaScript bundled by esbuild.
//
// Why a bundle: the root entry as tsc's one-file-per-module output made `import('dashscope-kit')` load
// 65 of our modules (65.8 ms cold on a 2-core EPYC, bench/reports/install-weight.md); bundled, it loads a
// handful. All entry points are bundled in ONE esbuild run with code splitting, so a module reachable
// from two entries (the error classes, the client) lives once in a shared chunk: `instanceof APIError`
// holds whichever subpath threw and whichever imported the class. Dependencies stay external (each user
// installs them once, optional ones load only where used). esbuild is the bundler vitest already brings
// (maintained by Evan Wallace, releases monthly), not code of ours.
//
// Entries: every `exports` target and the `bin` of package.json, plus the few internal modules the
// benches load directly (not in `exports`, so users cannot import them).
import { execFileSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = fileURLToPath(new URL('..', import.meta.url));
const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const BENCH_ENTRIES = ['cli/default-docs-folder', 'emulator/seeded-random', 'rag/stores/dense-matrix', 'tokenizer/load-tokenizer', 'tokenizer/qwen-bpe'];

const targets = [
  ...Object.values(pkg.exports).map((target) => (typeof target === 'string' ? target : target.default)),
  ...Object.values(pkg.bin),
].filter((target) => target.endsWith('.js'));
const entries = [...new Set([...targets.map((target) => target.replace(/^\.\//, '').replace(/^dist\//, '').replace(/\.js$/, '')), ...BENCH_ENTRIES])];

rmSync(new URL('../dist', import.meta.url), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--emitDeclarationOnly'], { cwd: root, stdio: 'inherit' });

await build({
  absWorkingDir: root,
  entryPoints: entries.map((entry) => ({ in: `src/${entry}.ts`, out: entry })),
  outdir: 'dist',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  // The core runs on any fetch runtime; node-only code imports `node:*` itself (kept external).
  platform: 'neutral',
  target: 'es2022',
  packages: 'external',
  external: ['node:*'],
  // Without minification esbuild renames only on a clash between modules; keep the original names in
  // stack traces and `fn.name`.
  keepNames: true,
  logLevel: 'warning',
});
