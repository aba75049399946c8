import { describe, expect, it } from 'vitest';
import { lexicalTerms } from './lexical-terms.js';

describe('lexicalTerms', () => {
  it('lower-cases words, drops punctuation and stems plurals', () => {
    expect(lexicalTerms('Rerank Models, sorted queries!')).toEqual(['rerank', 'model', 'sorted', 'query']);
  });

  it('turns Chinese runs into characters and adjacent pairs', () => {
    expect(lexicalTerms('排序模型')).toEqual(['排', '排序', '序', '序模', '模', '模型', '型']);
  });

  it('separates Latin words and digits from Chinese text around them', () => {
    expect(lexicalTerms('Qwen3模型')).toEqual(['qwen3', '模', '模型', '型']);
  });

  it('returns nothing for text without letters or digits', () => {
    expect(lexicalTerms(' ?! … ')).toEqual([]);
  });
});
