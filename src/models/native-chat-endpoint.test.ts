import { describe, expect, it } from 'vitest';
import { getChatModel } from './catalog.js';
import { nativeChatEndpoint } from './native-chat-endpoint.js';

describe('nativeChatEndpoint', () => {
  it('follows the catalog for known models', () => {
    expect(nativeChatEndpoint('qwen-plus')).toBe('text-generation');
    expect(nativeChatEndpoint('qwen3-coder-plus')).toBe('text-generation');
    expect(nativeChatEndpoint('qwen-long')).toBe('text-generation');
    expect(nativeChatEndpoint('qwen3-vl-plus')).toBe('multimodal-generation');
    expect(nativeChatEndpoint('qwen3.6-plus')).toBe('multimodal-generation');
  });

  it('puts every catalogued Qwen3.5+ line on multimodal-generation, as the name rule would', () => {
    const lines = ['qwen3.5-plus', 'qwen3.5-flash', 'qwen3.6-plus', 'qwen3.7-plus', 'qwen3.7-max', 'qwen3.8-max', 'qwen3.8-flash'];
    for (const id of lines) expect(getChatModel(id)?.nativeEndpoint, id).toBe('multimodal-generation');
  });

  it.each(['qwen3.9-plus', 'qwen3.5-turbo', 'qwen3.8-max-preview', 'qwen4-plus', 'qwen-vl-ocr', 'qwen2.5-vl-72b-instruct', 'qwen3-vl-235b-a22b'])(
    'sends %s, which the catalog does not know, to multimodal-generation by the name rule',
    (model) => {
      expect(getChatModel(model)).toBeUndefined();
      expect(nativeChatEndpoint(model)).toBe('multimodal-generation');
    },
  );

  it.each(['qwen2.5-72b-instruct', 'qwen3-14b', 'deepseek-v3', 'qwen-long-latest', 'my-vlm'])('leaves %s to the media parts', (model) => {
    expect(nativeChatEndpoint(model)).toBeUndefined();
  });
});
