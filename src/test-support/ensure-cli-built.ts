import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

function newestSource(directory: string): number {
  let newest = 0;
  for (const entry of readdirSync(directory, { withFileTypes: true })) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts')) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

export default function ensureCliBuilt(): void {
  const main = join(root, 'dist', 'cli', 'main.js');
  const inputs = ['tsconfig.json', 'tsconfig.build.json', 'package.json', join('scripts', 'build.mjs')];
  const newest = Math.max(newestSource(join(root, 'src')), ...inputs.map((name) => statSync(join(root, name)).mtimeMs));
  if (existsSync(main) && statSync(main).mtimeMs >= newest) return;
  // The same build as `npm run build`: the bundled dist/ that users get.
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root, stdio: 'inherit' });
}
