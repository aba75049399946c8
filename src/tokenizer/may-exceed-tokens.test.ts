import { describe, expect, it } from 'vitest';
import { countTokens } from '../tokenizer/count-tokens.js';
import { mayExceedTokens, tokenUpperBound, utf8Length } from './may-exceed-tokens.js';

describe('utf8Length', () => {
  it('matches TextEncoder for ASCII, CJK, emoji and lone surrogates', () => {
    for (const text of ['plain', 'Grüße', '数据库', '🙂 ok', 'a\uD800b', '\uDC00']) {
      expect(utf8Length(text)).toBe(new TextEncoder().encode(text).length);
    }
  });
});

describe('tokenUpperBound', () => {
  it('is never below the Qwen token count', async () => {
    const samples = ['1234567890', '!!!???', 'The quick brown fox.', '数据库系统', '🙂🙂🙂', 'e\u0301'.repeat(20), '\u0958\u0959', 'x'.repeat(5_000)];
    for (const text of samples) expect(tokenUpperBound(text)).toBeGreaterThanOrEqual(await countTokens(text));
  });
});

describe('mayExceedTokens', () => {
  it('clears short texts without normalising them and flags long ones', () => {
    expect(mayExceedTokens('a'.repeat(910), 8_192)).toBe(false);
    expect(mayExceedTokens('a'.repeat(8_192), 8_192)).toBe(false);
    expect(mayExceedTokens('a'.repeat(8_193), 8_192)).toBe(true);
    expect(mayExceedTokens('数'.repeat(3_000), 8_192)).toBe(true);
  });
});
