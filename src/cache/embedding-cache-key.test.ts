import { describe, expect, it } from 'vitest';
import { buildEmbeddingCacheKey, buildEmbeddingCacheKeys, type EmbeddingFingerprint } from './embedding-cache-key.js';
import { InvalidEmbeddingInputError } from './errors.js';

const base: EmbeddingFingerprint = { model: 'text-embedding-v4', dimension: 1024, text_type: 'query', output_type: 'dense' };
const SHA256_ABC = 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad';

describe('buildEmbeddingCacheKey', () => {
  it('spells out the fingerprint and ends with the SHA-256 of the UTF-8 text', async () => {
    expect(await buildEmbeddingCacheKey(base, 'abc')).toBe(`dse1/text-embedding-v4/1024/query/dense/-/t${SHA256_ABC}`);
  });

  it('is deterministic', async () => {
    expect(await buildEmbeddingCacheKey(base, '代码改变世界')).toBe(await buildEmbeddingCacheKey({ ...base }, '代码改变世界'));
  });

  it.each<[string, EmbeddingFingerprint]>([
    ['model', { ...base, model: 'text-embedding-v3' }],
    ['dimension', { ...base, dimension: 512 }],
    ['text_type', { ...base, text_type: 'document' }],
    ['output_type', { ...base, output_type: 'dense&sparse' }],
    ['an instruct', { ...base, instruct: 'Given a web search query, retrieve relevant passages.' }],
    ['an empty instruct', { ...base, instruct: '' }],
  ])('changes when %s changes', async (_what, fingerprint) => {
    expect(await buildEmbeddingCacheKey(fingerprint, 'abc')).not.toBe(await buildEmbeddingCacheKey(base, 'abc'));
  });

  it('changes when the text changes by one character or by Unicode normalisation', async () => {
    const keys = await buildEmbeddingCacheKeys(base, ['abc', 'abd', 'caf\u00e9', 'cafe\u0301']);
    expect(new Set(keys).size).toBe(4);
  });

  it('keeps distinct lone surrogates apart instead of collapsing them to U+FFFD', async () => {
    const keys = await buildEmbeddingCacheKeys(base, ['\uD800', '\uD801', '\uFFFD']);
    expect(new Set(keys).size).toBe(3);
    expect(keys[0]).toMatch(/\/u[0-9a-f]{64}$/);
    expect(keys[2]).toMatch(/\/t[0-9a-f]{64}$/);
  });

  it('escapes separators in the model name', async () => {
    const key = await buildEmbeddingCacheKey({ ...base, model: 'a/b' }, 'abc');
    expect(key.startsWith('dse1/a%2Fb/1024/')).toBe(true);
  });

  it('hashes the instruct so long instructions keep keys short', async () => {
    const key = await buildEmbeddingCacheKey({ ...base, instruct: 'x'.repeat(10_000) }, 'abc');
    expect(key.length).toBeLessThan(200);
  });

  it.each<[string, unknown]>([
    ['an empty model', { ...base, model: '' }],
    ['a zero dimension', { ...base, dimension: 0 }],
    ['a fractional dimension', { ...base, dimension: 10.5 }],
    ['an unknown text_type', { ...base, text_type: 'passage' }],
    ['an unknown output_type', { ...base, output_type: 'binary' }],
    ['a non-string instruct', { ...base, instruct: 7 }],
  ])('rejects %s', async (_what, fingerprint) => {
    await expect(buildEmbeddingCacheKey(fingerprint as EmbeddingFingerprint, 'abc')).rejects.toBeInstanceOf(
      InvalidEmbeddingInputError,
    );
  });

  it('rejects a non-string text', async () => {
    await expect(buildEmbeddingCacheKeys(base, ['ok', 3 as unknown as string])).rejects.toBeInstanceOf(
      InvalidEmbeddingInputError,
    );
  });
});
