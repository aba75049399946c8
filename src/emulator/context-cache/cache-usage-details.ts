import type { PromptTokensDetails } from '../../wire/chat-native.js';
import type { CacheOutcome } from './explicit-cache.js';

/**
 * `usage.prompt_tokens_details` for a request that used the explicit cache
 * (https://www.alibabacloud.com/help/en/model-studio/context-cache): a creation reports
 * `cache_creation_input_tokens` (and `cache_creation.ephemeral_5m_input_tokens`), a hit `cached_tokens`;
 * both carry `cache_type: 'ephemeral'`. Without a cache outcome: `{cached_tokens: 0}`.
 */
export function cacheUsageDetails(outcome: CacheOutcome | undefined): PromptTokensDetails {
  if (!outcome) return { cached_tokens: 0 };
  if (outcome.kind === 'hit') return { cached_tokens: outcome.tokens, cache_type: 'ephemeral' };
  return {
    cached_tokens: 0,
    cache_creation_input_tokens: outcome.tokens,
    cache_creation: { ephemeral_5m_input_tokens: outcome.tokens },
    cache_type: 'ephemeral',
  };
}
