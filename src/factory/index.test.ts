import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as face from './index.js';

const directory = fileURLToPath(new URL('.', import.meta.url));

describe('dashscope-kit/factory', () => {
  it('exports its API by name', () => {
    expect(Object.keys(face).sort()).toEqual([
      'DashScopeChatModel',
      'DashScopeEmbedder',
      'DashScopeReranker',
      'PROVIDER_ALIASES',
      'createChatModel',
      'createEmbedder',
      'createReranker',
      'fromProviderId',
      'parseProviderId',
    ]);
  });

  it('imports nothing Node-specific in its runtime code', () => {
    const sources = readdirSync(directory).filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'));
    expect(sources.length).toBeGreaterThan(2);
    for (const name of sources) {
      const text = readFileSync(`${directory}${name}`, 'utf8');
      expect(text, name).not.toMatch(/from ['"](node:|fs|path|events|timers|util|crypto)/);
      expect(text, name).not.toMatch(/\bprocess\.|\bBuffer\.|\bsetImmediate\(|\brequire\(/);
    }
  });
});
