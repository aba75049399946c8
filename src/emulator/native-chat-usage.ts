import { cacheUsageDetails } from './context-cache/cache-usage-details.js';
import type { CacheOutcome } from './context-cache/explicit-cache.js';
import type { NativeChatUsage } from '../wire/chat-native.js';

/** Token counts at one point of a native answer. */
export interface NativeUsageCounts {
  inputTokens: number;
  outputTokens: number;
  reasoningTokens: number;
  mediaTokens: number;
}

/**
 * Native `usage` as the recordings show it: `input_tokens`, `output_tokens`, `total_tokens`;
 * multimodal-generation models report `image_tokens` and no `total_tokens`; thinking adds
 * `output_tokens_details.reasoning_tokens`; the plain text-format answer carries
 * `prompt_tokens_details.cached_tokens` (0 unless the explicit context cache was used: then the
 * creation or hit details of {@link cacheUsageDetails}, on every result format and in streams).
 */
export function nativeChatUsage(
  counts: NativeUsageCounts,
  options: { multimodal: boolean; thinking: boolean; cachedDetails: boolean; cache?: CacheOutcome | undefined },
): NativeChatUsage {
  const usage: NativeChatUsage = options.multimodal
    ? { input_tokens: counts.inputTokens, output_tokens: counts.outputTokens, image_tokens: counts.mediaTokens }
    : { input_tokens: counts.inputTokens, output_tokens: counts.outputTokens, total_tokens: counts.inputTokens + counts.outputTokens };
  if (options.thinking) usage.output_tokens_details = { reasoning_tokens: counts.reasoningTokens };
  if (options.cachedDetails || options.cache) usage.prompt_tokens_details = cacheUsageDetails(options.cache);
  return usage;
}
