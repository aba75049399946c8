import { describe, expect, it } from 'vitest';
import { countTokensBatch } from '../tokenizer/index.js';
import { countTokensCached } from './count-tokens-cached.js';

const corpus = [
  '',
  'Hello world, the quick brown fox\'s jumps.  Twice!\n\nNew para 12345 tokens.',
  "I'LL SAY IT'S DONE, we'Re sure they'Ve gone",
  '1+1等于2。这是最基本的数学加法运算之一。',
  '代码改变世界',
  'Emoji 🎉🎉 and accents: café, naïve, Ångström; combining e\u0301 becomes é',
  '  leading   spaces\ttabs\r\n end  ',
  'const x = { a: [1, 2, 3] }; // code-ish\n\tif (x.a.length > 2) return "ok";',
  '日本語のテキストと한국어 텍스트 mixed with English',
  'special <|im_end|> token and <think>reasoning</think> here',
  'The development of pre-trained language models has brought new advancements to rerank models.',
];

describe('countTokensCached', () => {
  it('gives exactly the counts of the Qwen tokenizer, cold and warm', async () => {
    const expected = await countTokensBatch(corpus);
    expect(await countTokensCached(corpus)).toEqual(expected);
    expect(await countTokensCached(corpus)).toEqual(expected);
  });

  it('matches the tokenizer on texts built from already cached pieces in new combinations', async () => {
    const shuffled = corpus.map((text) => text.split(' ').reverse().join(' '));
    expect(await countTokensCached(shuffled)).toEqual(await countTokensBatch(shuffled));
  });
});
