import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

function findFixturesDirectory(): string {
  for (let directory = repositoryRoot; ; directory = dirname(directory)) {
    const candidate = join(directory, 'shared', 'fixtures');
    if (existsSync(candidate)) return candidate;
    if (dirname(directory) === directory) break;
  }
  throw new Error(
    `No shared/fixtures directory found in ${repositoryRoot} or any of its parents; ` +
      'check out the shared fixtures next to this repository.',
  );
}

let fixturesDirectory: string | undefined;

/**
 * Absolute path of a recorded DashScope fixture such as `chat-native-stream-text-incremental.sse`.
 * Fixtures live outside the repository, in a `shared/fixtures` directory found by walking up from
 * the repository root, so the same tests run from the main checkout, from a git worktree and from a
 * clean clone placed next to `shared/`.
 *
 * @throws Error when no `shared/fixtures` directory exists in the repository root or above it.
 */
export function fixturePath(name: string): string {
  fixturesDirectory ??= findFixturesDirectory();
  return join(fixturesDirectory, name);
}
