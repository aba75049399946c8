import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../../core/errors.js';
import type { ChatMessage } from './chat-types.js';
import { checkCacheMarkers } from './check-cache-markers.js';

const marked = (text: string): ChatMessage => ({ role: 'user', content: [{ type: 'text', text, cache_control: { type: 'ephemeral' } }] });

describe('checkCacheMarkers', () => {
  it('counts the markers and accepts up to four', () => {
    expect(checkCacheMarkers([{ role: 'user', content: 'hi' }])).toBe(0);
    expect(checkCacheMarkers([marked('a'), marked('b'), marked('c'), marked('d')])).toBe(4);
  });

  it('refuses a fifth marker with the count and the limit', () => {
    const error = (() => {
      try {
        checkCacheMarkers([marked('a'), marked('b'), marked('c'), marked('d'), marked('e')]);
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ param: 'cache_control', value: 5, limit: 4 });
  });

  it('refuses a marker whose type is not ephemeral, naming the part', () => {
    const messages = [{ role: 'user', content: [{ text: 'x', cache_control: { type: 'persistent' } }] }] as unknown as ChatMessage[];
    expect(() => checkCacheMarkers(messages)).toThrow(expect.objectContaining({ param: 'messages[0].content[0].cache_control.type', value: 'persistent' }));
  });

  it('does not refuse a short marked prefix: the service just leaves it uncached', () => {
    expect(checkCacheMarkers([marked('short')])).toBe(1);
  });
});
