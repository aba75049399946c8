import { cacheUsageDetails } from './context-cache/cache-usage-details.js';
import type { CacheOutcome } from './context-cache/explicit-cache.js';
import type { z } from 'zod';
import type { CompatibleChatResponseSchema, CompatibleUsage } from '../wire/chat-compatible.js';
import type { LimitedAnswer } from './limit-answer.js';
import type { EmulatedTokenLogprob } from './local-models/token-logprobs.js';
import { wireToolCalls } from './wire-tool-calls.js';

/** Identity of one compatible-mode completion. */
export interface CompatibleChatLayout {
  /** `chatcmpl-<uuid>`. */
  id: string;
  /** Epoch seconds. */
  created: number;
  model: string;
  thinking: boolean;
  inputTokens: number;
  /** With `logprobs: true`: the answer's token log probabilities, one list per content delta. */
  logprobs?: EmulatedTokenLogprob[][] | undefined;
  /** What the explicit context cache did for this request, if it was used. */
  cache?: CacheOutcome | undefined;
}

/**
 * OpenAI-style usage, with `completion_tokens_details.reasoning_tokens` when thinking and
 * `prompt_tokens_details` ({@link cacheUsageDetails}) when the explicit context cache was used.
 */
export function compatibleUsage(answer: LimitedAnswer, layout: CompatibleChatLayout): CompatibleUsage {
  const usage: CompatibleUsage = {
    prompt_tokens: layout.inputTokens,
    completion_tokens: answer.outputTokens,
    total_tokens: layout.inputTokens + answer.outputTokens,
  };
  if (layout.thinking) usage.completion_tokens_details = { reasoning_tokens: answer.reasoningTokens };
  if (layout.cache) usage.prompt_tokens_details = cacheUsageDetails(layout.cache);
  return usage;
}

/**
 * The non-streaming `chat.completion` object of `POST /compatible-mode/v1/chat/completions`
 * (https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope):
 * `choices[0].message` with `content` (empty string for tool calls), `reasoning_content` when
 * thinking, `tool_calls` with `index`; `logprobs` (`{content: [...]}` when asked for, else `null`),
 * `system_fingerprint: null`.
 */
export function compatibleChatBody(answer: LimitedAnswer, layout: CompatibleChatLayout): z.input<typeof CompatibleChatResponseSchema> {
  const message: Record<string, unknown> = { role: 'assistant', content: answer.content.map((piece) => piece.text).join('') };
  if (layout.thinking) message['reasoning_content'] = answer.reasoning.map((piece) => piece.text).join('');
  if (answer.toolCalls.length > 0) {
    message['tool_calls'] = wireToolCalls(answer.toolCalls);
  }
  return {
    choices: [{ message, finish_reason: answer.finishReason, index: 0, logprobs: layout.logprobs ? { content: layout.logprobs.flat() } : null }],
    object: 'chat.completion',
    usage: compatibleUsage(answer, layout),
    created: layout.created,
    system_fingerprint: null,
    model: layout.model,
    id: layout.id,
  };
}
