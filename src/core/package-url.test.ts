import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { packageUrl } from './package-url.js';

describe('packageUrl', () => {
  it('resolves files at the package root from the source tree', () => {
    const json = JSON.parse(readFileSync(packageUrl('package.json'), 'utf8')) as { name: string };
    expect(json.name).toBe('dashscope-kit');
    expect(existsSync(fileURLToPath(packageUrl('assets/qwen-ranks.bin')))).toBe(true);
  });

  it('resolves the same files from the bundled dist, whichever chunk holds the caller', async () => {
    const root = new URL('../../', import.meta.url).href;
    // The built tokenizer entry loads the vocabulary through packageUrl from a shared chunk.
    const { countTokens } = (await import(new URL('dist/tokenizer/index.js', root).href)) as { countTokens: (text: string) => Promise<number> };
    expect(await countTokens('hello world')).toBe(2);
  });
});
