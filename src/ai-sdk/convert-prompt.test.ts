import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../core/errors.js';
import { convertPrompt } from './convert-prompt.js';

describe('convertPrompt', () => {
  it('turns an assistant turn with reasoning and a tool call, then its result, into DashScope messages', () => {
    const messages = convertPrompt([
      { role: 'user', content: [{ type: 'text', text: 'weather?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'need the tool' },
          { type: 'text', text: 'Checking.' },
          { type: 'tool-call', toolCallId: 'call_1', toolName: 'weather', input: { city: 'Hangzhou' } },
        ],
      },
      { role: 'tool', content: [{ type: 'tool-result', toolCallId: 'call_1', toolName: 'weather', output: { type: 'json', value: { celsius: 21 } } }] },
    ]);
    expect(messages).toEqual([
      { role: 'user', content: 'weather?' },
      { role: 'assistant', content: 'Checking.', reasoning_content: 'need the tool', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Hangzhou"}' } }] },
      { role: 'tool', tool_call_id: 'call_1', name: 'weather', content: '{"celsius":21}' },
    ]);
  });

  it('keeps an image URL and a cache marker on a user text part', () => {
    const [message] = convertPrompt([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'long context', providerOptions: { dashscope: { cache_control: { type: 'ephemeral' } } } },
          { type: 'file', mediaType: 'image/jpeg', data: { type: 'url', url: new URL('https://example.com/a.jpg') } },
        ],
      },
    ]);
    expect(message?.content).toEqual([
      { type: 'text', text: 'long context', cache_control: { type: 'ephemeral' } },
      { type: 'image_url', image_url: { url: 'https://example.com/a.jpg' } },
    ]);
  });

  it('refuses a non-image file with a typed error', () => {
    expect(() => convertPrompt([{ role: 'user', content: [{ type: 'file', mediaType: 'audio/wav', data: { type: 'data', data: 'AAAA' } }] }])).toThrow(InputValidationError);
  });
});
