import { readdirSync, readFileSync } from 'node:fs';
import { expect } from 'vitest';

/**
 * Asserts that the runtime sources of `directory` (its `.ts` files but tests) import no Node built-in and
 * use no Node global, so the entry they make up runs on any fetch runtime (src/runtime-smoke/ proves the
 * core does). `atLeast` guards against pointing at an empty folder.
 */
export function expectRuntimeNeutral(directory: string, atLeast: number): void {
  const sources = readdirSync(directory).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
  expect(sources.length).toBeGreaterThan(atLeast);
  for (const name of sources) {
    const text = readFileSync(`${directory}${name}`, 'utf8');
    expect(text, name).not.toMatch(/from ['"](node:|fs|path|events|timers|util|crypto)/);
    expect(text, name).not.toMatch(/\bprocess\.|\bBuffer\.|\bsetImmediate\(|\brequire\(/);
  }
}
