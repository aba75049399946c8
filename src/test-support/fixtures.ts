import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

function findFixturesDir(): string {
  let directory = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 8; depth++) {
    const candidate = join(directory, 'shared', 'fixtures');
    if (existsSync(candidate)) return candidate;
    const sibling = join(directory, '..', 'shared', 'fixtures');
    if (existsSync(sibling)) return resolve(sibling);
    directory = dirname(directory);
  }
  throw new Error('shared/fixtures not found next to the repository');
}

const fixturesDir = findFixturesDir();

export function fixturePath(name: string): string {
  return join(fixturesDir, name);
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function readFixtureJson<T = unknown>(name: string): T {
  return JSON.parse(readFixture(name)) as T;
}
