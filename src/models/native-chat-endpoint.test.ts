import { describe, expect, it } from 'vitest';
import { nativeChatEndpoint } from './native-chat-endpoint.js';

describe('nativeChatEndpoint', () => {
  it('follows the catalog for known models', () => {
    expect(nativeChatEndpoint('qwen-plus')).toBe('text-generation');
    expect(nativeChatEndpoint('qwen3-vl-plus')).toBe('multimodal-generation');
  });

  it.each(['qwen3.5-plus', 'qwen3.6-flash', 'qwen3.7-max', 'qwen3.8-max-preview', 'qwen4-plus', 'qwen-vl-ocr', 'qwen2.5-vl-72b-instruct', 'qwen3-vl-235b-a22b'])(
    'sends %s, which the catalog does not know, to multimodal-generation by the name rule',
    (model) => {
      expect(nativeChatEndpoint(model)).toBe('multimodal-generation');
    },
  );

  it.each(['qwen3-coder-plus', 'qwen2.5-72b-instruct', 'qwen3-14b', 'deepseek-v3', 'qwen-long', 'my-vlm'])('leaves %s to the media parts', (model) => {
    expect(nativeChatEndpoint(model)).toBeUndefined();
  });
});
