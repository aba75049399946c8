import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { expectRuntimeNeutral } from '../test-support/expect-runtime-neutral.js';
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
    expectRuntimeNeutral(directory, 2);
  });
});
