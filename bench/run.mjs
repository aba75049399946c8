// `npm run bench`: builds the package, then runs every benchmark in its own process, one after another
// (they share 2 cores, so never in parallel). Each writes its report under bench/reports/.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const only = process.argv.slice(2);
execFileSync(process.execPath, [`${root}scripts/build.mjs`], { cwd: root, stdio: 'inherit' });

const helpers = new Set(['run.mjs', 'report.mjs', 'fixed-response-server.mjs']);
const benches = readdirSync(new URL('.', import.meta.url))
  .filter((name) => name.endsWith('.mjs') && !helpers.has(name) && !name.startsWith('_'))
  .filter((name) => only.length === 0 || only.some((wanted) => name.includes(wanted)))
  .sort();
for (const name of benches) {
  const path = fileURLToPath(new URL(name, import.meta.url));
  if (!existsSync(path)) continue;
  process.stdout.write(`\n=== ${name}\n`);
  execFileSync(process.execPath, ['--expose-gc', path], { cwd: root, stdio: 'inherit' });
}
