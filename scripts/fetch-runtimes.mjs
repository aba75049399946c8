// Fetches the runtimes of the runtime smoke suite (src/runtime-smoke/) from the npm registry into
// .dashscope-kit/runtimes/ (or $DASHSCOPE_KIT_RUNTIMES): Bun, Deno and Cloudflare's workerd, each a
// single binary inside its registry package, pinned so every run tests the same builds. Headless
// Chromium comes from Debian (`apt-get install chromium`). Already fetched versions are kept.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const directory = process.env.DASHSCOPE_KIT_RUNTIMES ?? join(root, '.dashscope-kit', 'runtimes');
const RUNTIMES = JSON.parse(readFileSync(join(root, 'src', 'runtime-smoke', 'runtimes.json'), 'utf8'));

for (const runtime of RUNTIMES) {
  const target = join(directory, runtime.name, runtime.spec.split('@').pop());
  if (existsSync(join(target, runtime.binary))) continue;
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });
  execFileSync('npm', ['pack', '--silent', runtime.spec], { cwd: target, stdio: ['ignore', 'ignore', 'inherit'] });
  const archive = readdirSync(target).find((name) => name.endsWith('.tgz'));
  execFileSync('tar', ['xzf', archive], { cwd: target });
  rmSync(join(target, archive));
  process.stdout.write(`${runtime.name}: ${join(target, runtime.binary)}\n`);
}
