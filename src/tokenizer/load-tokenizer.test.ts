import { afterEach, describe, expect, it, vi } from 'vitest';

let vocabularyImports = 0;

vi.mock('./qwen-bpe.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('./qwen-bpe.js')>();
  return {
    ...original,
    parseQwenRanks: (data: Uint8Array) => {
      vocabularyImports++;
      return original.parseQwenRanks(data);
    },
  };
});

afterEach(() => {
  vi.resetModules();
  vocabularyImports = 0;
});

describe('lazy vocabulary loading', () => {
  it('does not load the vocabulary when the tokenizer entry point is imported', async () => {
    const tokenizer = await import('./index.js');
    expect(tokenizer.isTokenizerLoaded()).toBe(false);
    expect(vocabularyImports).toBe(0);
  });

  it('does not load the vocabulary for estimateTokens or tokenCountAccuracy', async () => {
    const tokenizer = await import('./index.js');
    expect(tokenizer.estimateTokens('hello world')).toBeGreaterThan(0);
    expect(tokenizer.tokenCountAccuracy('qwen-plus')).toBe('exact');
    expect(tokenizer.isTokenizerLoaded()).toBe(false);
    expect(vocabularyImports).toBe(0);
  });

  it('loads the vocabulary once on the first count, even for concurrent first calls', async () => {
    const tokenizer = await import('./index.js');
    const counts = await Promise.all([tokenizer.countTokens('a b'), tokenizer.countTokens('c'), tokenizer.preloadTokenizer()]);
    expect(counts.slice(0, 2)).toEqual([2, 1]);
    expect(tokenizer.isTokenizerLoaded()).toBe(true);
    await tokenizer.countTokens('again');
    expect(vocabularyImports).toBe(1);
  });

  it('refuses an unsupported model before loading the vocabulary', async () => {
    const tokenizer = await import('./index.js');
    await expect(tokenizer.countTokens('hi', 'glm-4.5')).rejects.toBeInstanceOf(tokenizer.UnsupportedTokenizerModelError);
    expect(tokenizer.isTokenizerLoaded()).toBe(false);
    expect(vocabularyImports).toBe(0);
  });
});
