import type { CallInput } from '../parsed-call.js';
import type { CacheOutcome } from './explicit-cache.js';
import { markedPrefixTexts } from './marked-prefix-texts.js';

/**
 * Runs a chat request's messages through the emulator's explicit context cache at the request's time:
 * `undefined` when no content block carries `cache_control` or the marked prefix is under 1,024 tokens.
 */
export async function useExplicitCache(input: CallInput, model: string, messages: readonly { content?: unknown }[] | undefined): Promise<CacheOutcome | undefined> {
  const prefix = markedPrefixTexts(messages);
  return prefix ? input.contextCache.use(model, prefix, input.now) : undefined;
}
