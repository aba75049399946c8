import { InputValidationError } from '../../core/errors.js';
import { CONTEXT_CACHE } from '../../models/context-cache-limits.js';
import type { ChatMessage } from './chat-types.js';

/**
 * Checks explicit context-cache markers before sending: every `cache_control` must be
 * `{type: 'ephemeral'}`, and a request carries at most 4 of them
 * (https://www.alibabacloud.com/help/en/model-studio/context-cache). The 1,024-token minimum is not
 * checked: the service simply does not cache a shorter prefix (no error), and the call still answers.
 *
 * @returns the number of markers (0: the request may use the implicit cache).
 * @throws InputValidationError naming `messages[i].content[j].cache_control` (bad type) or
 *   `cache_control` (too many: `value` the count, `limit` 4).
 */
export function checkCacheMarkers(messages: readonly ChatMessage[]): number {
  let markers = 0;
  messages.forEach((message, index) => {
    if (!Array.isArray(message.content)) return;
    message.content.forEach((part, partIndex) => {
      if (!('cache_control' in part) || part.cache_control === undefined) return;
      const where = `messages[${index}].content[${partIndex}].cache_control`;
      const control: unknown = part.cache_control;
      const type = typeof control === 'object' && control !== null ? (control as { type?: unknown }).type : undefined;
      if (type !== 'ephemeral') {
        throw new InputValidationError(`${where}.type must be "ephemeral" (got ${JSON.stringify(type) ?? 'undefined'}).`, `${where}.type`, {
          value: type,
          limit: ['ephemeral'],
        });
      }
      markers += 1;
    });
  });
  if (markers > CONTEXT_CACHE.maxMarkers) {
    throw new InputValidationError(
      `A request may carry at most ${CONTEXT_CACHE.maxMarkers} cache_control markers (got ${markers}); keep the ones at the ends of the prefixes you reuse.`,
      'cache_control',
      { value: markers, limit: CONTEXT_CACHE.maxMarkers },
    );
  }
  return markers;
}
