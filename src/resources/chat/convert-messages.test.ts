import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../core/errors.js';
import { hasMediaParts, toCompatibleMessages, toNativeMessages } from './convert-messages.js';

describe('message conversion', () => {
  const openaiStyle = [
    { role: 'user' as const, content: [{ type: 'image_url' as const, image_url: { url: 'https://x/cat.png' } }, { type: 'text' as const, text: 'What is it?' }] },
  ];

  it('converts OpenAI-style parts to native parts', () => {
    expect(toNativeMessages(openaiStyle, true)).toEqual([{ role: 'user', content: [{ image: 'https://x/cat.png' }, { text: 'What is it?' }] }]);
  });

  it('converts native parts to OpenAI-style parts', () => {
    const native = [{ role: 'user' as const, content: [{ image: 'data:image/png;base64,AAAA' }, { text: 'Describe' }] }];
    expect(toCompatibleMessages(native)).toEqual([
      { role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png;base64,AAAA' } }, { type: 'text', text: 'Describe' }] },
    ]);
  });

  it('wraps plain strings for the multimodal endpoint and joins text parts for text models', () => {
    expect(toNativeMessages([{ role: 'system', content: 'Be brief.' }], true)).toEqual([{ role: 'system', content: [{ text: 'Be brief.' }] }]);
    expect(toNativeMessages([{ role: 'user', content: [{ text: 'a' }, { type: 'text', text: 'b' }] }], false)).toEqual([{ role: 'user', content: 'ab' }]);
  });

  it('detects media parts', () => {
    expect(hasMediaParts(openaiStyle)).toBe(true);
    expect(hasMediaParts([{ role: 'user', content: 'text' }])).toBe(false);
  });

  it('rejects unknown part types and audio on the compatible protocol', () => {
    expect(() => toNativeMessages([{ role: 'user', content: [{ pdf: 'x' } as never] }], true)).toThrow(InputValidationError);
    expect(() => toCompatibleMessages([{ role: 'user', content: [{ audio: 'https://x/a.mp3' }] }])).toThrow(/native protocol/);
  });
});

describe('context-cache markers in conversion', () => {
  const messages = [
    { role: 'system' as const, content: [{ type: 'text' as const, text: 'Long manual', cache_control: { type: 'ephemeral' as const } }] },
    { role: 'user' as const, content: [{ text: 'Question' }] },
  ];

  it('sends cache_control unchanged on the compatible wire', () => {
    expect(toCompatibleMessages(messages)[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'Long manual', cache_control: { type: 'ephemeral' } }] });
  });

  it('keeps a marked text part apart on the native wire instead of joining it into a string', () => {
    const native = toNativeMessages(messages, false);
    expect(native[0]).toEqual({ role: 'system', content: [{ type: 'text', text: 'Long manual', cache_control: { type: 'ephemeral' } }] });
    expect(native[1]).toEqual({ role: 'user', content: 'Question' });
  });
});
