import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';
import { expectRuntimeNeutral } from '../test-support/expect-runtime-neutral.js';

describe('dashscope-kit/tokenizer', () => {
  // Part of the core: the rank file is read through a guarded dynamic import on disk installs only.
  it('imports nothing Node-specific in its runtime code', () => {
    expectRuntimeNeutral(fileURLToPath(new URL('.', import.meta.url)), 3);
  });
});
