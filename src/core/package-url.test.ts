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
});
