import type { LanguageModelV4FinishReason, LanguageModelV4Usage } from '@ai-sdk/provider';
import type { ChatUsage } from '../resources/chat/chat-types.js';

/**
 * DashScope chat usage → AI SDK usage: `cached_tokens` is `cacheRead`, `cache_creation_input_tokens` is
 * `cacheWrite`, `reasoning_tokens` is `outputTokens.reasoning` (text = output − reasoning). Units: tokens.
 */
export function mapUsage(usage: ChatUsage | undefined): LanguageModelV4Usage {
  if (!usage) {
    return {
      inputTokens: { total: undefined, noCache: undefined, cacheRead: undefined, cacheWrite: undefined },
      outputTokens: { total: undefined, text: undefined, reasoning: undefined },
    };
  }
  const cacheRead = usage.cached_tokens;
  const reasoning = usage.reasoning_tokens;
  return {
    inputTokens: {
      total: usage.input_tokens,
      noCache: usage.input_tokens - (cacheRead ?? 0),
      cacheRead,
      cacheWrite: usage.cache_creation_input_tokens,
    },
    outputTokens: { total: usage.output_tokens, text: usage.output_tokens - (reasoning ?? 0), reasoning },
    raw: { ...usage },
  };
}

/** DashScope `finish_reason` → AI SDK finish reason (`raw` keeps DashScope's word). */
export function mapFinishReason(reason: string | null | undefined): LanguageModelV4FinishReason {
  const raw = reason ?? undefined;
  switch (reason) {
    case 'stop':
      return { unified: 'stop', raw };
    case 'length':
      return { unified: 'length', raw };
    case 'tool_calls':
      return { unified: 'tool-calls', raw };
    case 'content_filter':
      return { unified: 'content-filter', raw };
    default:
      return { unified: 'other', raw };
  }
}
