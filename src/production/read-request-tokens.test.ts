import { describe, expect, it } from 'vitest';
import { readRequestTokens } from './read-request-tokens.js';

const words = (text: string) => text.split(/\s+/).filter(Boolean).length;

describe('readRequestTokens', () => {
  it('counts native and compatible chat messages with template overhead and reserves max_tokens', () => {
    const messages = [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: [{ text: 'three words here' }] },
    ];
    expect(readRequestTokens({ model: 'qwen-plus', input: { messages }, parameters: { max_tokens: 50 } }, words)).toEqual({
      model: 'qwen-plus',
      input_tokens: 2 + 3 + 4 * 2 + 3,
      output_tokens: 50,
    });
    expect(readRequestTokens({ model: 'qwen-plus', messages, max_completion_tokens: 9 }, words)).toMatchObject({ input_tokens: 16, output_tokens: 9 });
  });

  it('counts native and compatible embedding inputs', () => {
    expect(readRequestTokens({ model: 'text-embedding-v4', input: { texts: ['a b', 'c'] } }, words)).toEqual({ model: 'text-embedding-v4', input_tokens: 3, output_tokens: 0 });
    expect(readRequestTokens({ model: 'text-embedding-v4', input: 'a b c d' }, words)?.input_tokens).toBe(4);
    expect(readRequestTokens({ model: 'mm', input: { contents: [{ text: 'x y' }, { image: 'https://i' }] } }, words)?.input_tokens).toBe(2);
  });

  it('counts rerank as query tokens per document plus document tokens on both protocols', () => {
    const expected = 2 * 3 + (1 + 2 + 3);
    expect(readRequestTokens({ model: 'qwen3-rerank', input: { query: 'q q', documents: ['a', 'b b', 'c c c'] } }, words)?.input_tokens).toBe(expected);
    expect(readRequestTokens({ model: 'qwen3-rerank', query: 'q q', documents: ['a', { text: 'b b' }, 'c c c'] }, words)?.input_tokens).toBe(expected);
  });

  it('returns undefined for bodies without a model', () => {
    expect(readRequestTokens(undefined, words)).toBeUndefined();
    expect(readRequestTokens({ input: { texts: ['a'] } }, words)).toBeUndefined();
    expect(readRequestTokens([1, 2], words)).toBeUndefined();
  });
});
