import { describe, expect, it } from 'vitest';
import { countChatTokens } from './count-chat-tokens.js';
import { countTokens, encodeTokens } from './count-tokens.js';
import { UnsupportedTokenizerModelError } from './errors.js';

describe('countChatTokens', () => {
  it('counts the ChatML template around one user message plus the generation prompt', async () => {
    const content = '代码改变世界';
    const total = await countChatTokens([{ role: 'user', content }]);
    expect(total).toBe((await countTokens(content)) + 5 + 3);
  });

  it('matches encoding the rendered ChatML string', async () => {
    const messages = [
      { role: 'system', content: 'You are a helpful assistant.' },
      { role: 'user', content: 'Summarise the attached report in three bullet points.' },
      { role: 'assistant', content: null },
      { role: 'user', content: [{ text: 'And ' }, { image: 'https://example.com/a.png' }, { text: 'translate it.' }] },
    ];
    const rendered =
      '<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n' +
      '<|im_start|>user\nSummarise the attached report in three bullet points.<|im_end|>\n' +
      '<|im_start|>assistant\n<|im_end|>\n' +
      '<|im_start|>user\nAnd translate it.<|im_end|>\n' +
      '<|im_start|>assistant\n';
    expect(await countChatTokens(messages)).toBe((await encodeTokens(rendered)).length);
  });

  it('omits the generation prompt when asked', async () => {
    const messages = [{ role: 'user', content: 'hi' }];
    const withPrompt = await countChatTokens(messages);
    expect(await countChatTokens(messages, { addGenerationPrompt: false })).toBe(withPrompt - 3);
  });

  it('counts an empty conversation as just the generation prompt', async () => {
    expect(await countChatTokens([])).toBe(3);
  });

  it('rejects a message without a role', async () => {
    await expect(countChatTokens([{ content: 'hi' } as never])).rejects.toBeInstanceOf(TypeError);
  });

  it('refuses a model that uses another vocabulary', async () => {
    await expect(countChatTokens([{ role: 'user', content: 'hi' }], { model: 'deepseek-r1' })).rejects.toBeInstanceOf(
      UnsupportedTokenizerModelError,
    );
  });
});
