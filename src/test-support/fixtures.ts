import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const fixturesDir = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));

export function fixturePath(name: string): string {
  return fixturesDir + name;
}

export function readFixture(name: string): string {
  return readFileSync(fixturePath(name), 'utf8');
}

export function readFixtureJson<T = unknown>(name: string): T {
  return JSON.parse(readFixture(name)) as T;
}
