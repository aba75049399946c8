import { describe, expect, it } from 'vitest';
import {
  countTokens,
  countTokensBatch,
  encodeTokens,
  truncateToTokens,
} from './count-tokens.js';
import { UnsupportedTokenizerModelError } from './errors.js';
import { loadTokenizer } from './load-tokenizer.js';
import { readFixtureJson as fixture } from '../test-support/fixtures.js';


const recordedRequest = fixture('tokenizer-native-request.json') as {
  model: string;
  input: { messages: Array<{ content: string }> };
};
const recordedResponse = fixture('tokenizer-native-response.json') as {
  output: { token_ids: number[]; tokens: string[] };
  usage: { input_tokens: number };
};
const recordedText = recordedRequest.input.messages[0]!.content;

const english =
  'Embedding caches pay for themselves quickly. When a retrieval pipeline re-indexes a document ' +
  'collection every night, most paragraphs have not changed since the previous run, yet a naive ' +
  'implementation sends every one of them to the embedding endpoint again.';

describe('countTokens and encodeTokens', () => {
  it('produce the token ids DashScope recorded for qwen-max', async () => {
    expect(await encodeTokens(recordedText)).toEqual(recordedResponse.output.token_ids);
    expect(await countTokens(recordedText, recordedRequest.model)).toBe(recordedResponse.usage.input_tokens);
  });

  it('decode each recorded id back to the recorded token string', async () => {
    const tokenizer = await loadTokenizer();
    const pieces = recordedResponse.output.token_ids.map((id) => tokenizer.decode([id]));
    expect(pieces).toEqual(recordedResponse.output.tokens);
  });

  it('count the empty string as zero tokens', async () => {
    expect(await countTokens('')).toBe(0);
    expect(await encodeTokens('')).toEqual([]);
  });

  it('count Chinese, Japanese and Korean text with fewer tokens than characters', async () => {
    for (const text of ['阿里云百炼平台提供文本向量模型服务。', '検索拡張生成のパイプライン', '검색 증강 생성 파이프라인']) {
      const tokens = await countTokens(text);
      expect(tokens).toBeGreaterThan(0);
      expect(tokens).toBeLessThan([...text].length);
    }
  });

  it('split rare emoji into several byte-level tokens', async () => {
    expect(await countTokens('👨‍👩‍👧')).toBeGreaterThan(3);
  });

  it('count each digit as its own token', async () => {
    expect(await countTokens('1234567890')).toBe(10);
  });

  it('treat composed and decomposed accents alike because the text is NFC-normalised', async () => {
    expect(await encodeTokens('cafe\u0301')).toEqual(await encodeTokens('caf\u00e9'));
  });

  it('count a literal special-token string as one token', async () => {
    expect(await encodeTokens('<|im_end|>')).toEqual([151645]);
  });

  it('give the same counts in a batch as one by one', async () => {
    const texts = [english, recordedText, '', 'x'];
    const single = await Promise.all(texts.map((t) => countTokens(t)));
    expect(await countTokensBatch(texts, 'qwen-plus')).toEqual(single);
  });

  it('refuse models that use another vocabulary', async () => {
    await expect(countTokens('hi', 'deepseek-v3')).rejects.toBeInstanceOf(UnsupportedTokenizerModelError);
    await expect(countTokensBatch(['hi'], 'kimi-k2')).rejects.toBeInstanceOf(UnsupportedTokenizerModelError);
  });

  it('reject non-string input with a TypeError', async () => {
    await expect(countTokens(42 as unknown as string)).rejects.toBeInstanceOf(TypeError);
    await expect(countTokensBatch(['a', null as unknown as string])).rejects.toBeInstanceOf(TypeError);
    await expect(countTokens('a', '')).rejects.toBeInstanceOf(TypeError);
  });
});

describe('truncateToTokens', () => {
  it('returns the text unchanged when it fits', async () => {
    const tokens = await countTokens(english);
    expect(await truncateToTokens(english, tokens)).toEqual({ text: english, tokens, truncated: false });
  });

  it('cuts on a token boundary so the kept text re-encodes to the leading ids', async () => {
    const ids = await encodeTokens(english);
    for (const budget of [1, 7, 20, ids.length - 1]) {
      const result = await truncateToTokens(english, budget);
      expect(result.truncated).toBe(true);
      expect(result.tokens).toBe(budget);
      expect(english.startsWith(result.text)).toBe(true);
      expect(await encodeTokens(result.text)).toEqual(ids.slice(0, budget));
    }
  });

  it('drops a partial emoji instead of returning a broken character', async () => {
    const text = '😀👨‍👩‍👧 héllo';
    const ids = await encodeTokens(text);
    for (let budget = 1; budget < ids.length; budget++) {
      const result = await truncateToTokens(text, budget);
      expect(result.text).not.toContain('\uFFFD');
      expect(text.startsWith(result.text)).toBe(true);
      expect(result.tokens).toBeLessThanOrEqual(budget);
      expect(await countTokens(result.text)).toBe(result.tokens);
    }
    expect((await truncateToTokens(text, 3)).text).toBe('😀👨');
  });

  it('keeps whole Chinese words', async () => {
    expect(await truncateToTokens(recordedText, 2)).toEqual({ text: '代码改变', tokens: 2, truncated: true });
  });

  it('returns the empty string for a zero budget', async () => {
    expect(await truncateToTokens(english, 0)).toEqual({ text: '', tokens: 0, truncated: true });
    expect(await truncateToTokens('', 0)).toEqual({ text: '', tokens: 0, truncated: false });
  });

  it('rejects a negative or fractional budget with a RangeError', async () => {
    await expect(truncateToTokens(english, -1)).rejects.toBeInstanceOf(RangeError);
    await expect(truncateToTokens(english, 1.5)).rejects.toBeInstanceOf(RangeError);
  });
});
