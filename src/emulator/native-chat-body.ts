import type { CacheOutcome } from './context-cache/explicit-cache.js';
import type { z } from 'zod';
import type { NativeChatResponseSchema } from '../wire/chat-native.js';
import type { LimitedAnswer } from './limit-answer.js';
import type { EmulatedTokenLogprob } from './local-models/token-logprobs.js';
import { nativeChatUsage } from './native-chat-usage.js';
import { wireToolCalls } from './wire-tool-calls.js';

/** How a native chat answer is laid out. */
export interface NativeChatLayout {
  resultFormat: 'text' | 'message';
  /** multimodal-generation models: content as `[{"text"}]`, `image_tokens`, no `total_tokens`. */
  multimodal: boolean;
  thinking: boolean;
  inputTokens: number;
  mediaTokens: number;
  requestId: string;
  /** With `logprobs: true` (result_format message): the answer's token log probabilities, one list per content delta. */
  logprobs?: EmulatedTokenLogprob[][] | undefined;
  /** What the explicit context cache did for this request, if it was used. */
  cache?: CacheOutcome | undefined;
}

/**
 * The non-streaming native chat response (https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api):
 * `{"output":{"finish_reason","text"}}` for `result_format` text, else
 * `{"output":{"choices":[{"finish_reason","message":{"role","content","reasoning_content"?,"tool_calls"?},"logprobs"?}]}}`,
 * plus `usage` and `request_id`. Tool-call answers have `content: ""`. Typed by the wire side (input) of
 * the SDK's lenient `NativeChatResponseSchema`.
 */
export function nativeChatBody(answer: LimitedAnswer, layout: NativeChatLayout): z.input<typeof NativeChatResponseSchema> {
  const content = answer.content.map((piece) => piece.text).join('');
  const usage = nativeChatUsage(
    { inputTokens: layout.inputTokens, outputTokens: answer.outputTokens, reasoningTokens: answer.reasoningTokens, mediaTokens: layout.mediaTokens },
    { multimodal: layout.multimodal, thinking: layout.thinking, cachedDetails: layout.resultFormat === 'text', cache: layout.cache },
  );
  if (layout.resultFormat === 'text') {
    return { output: { finish_reason: answer.finishReason, text: content }, usage, request_id: layout.requestId };
  }
  const message: Record<string, unknown> = { role: 'assistant' };
  if (answer.toolCalls.length > 0) {
    message['tool_calls'] = wireToolCalls(answer.toolCalls);
  }
  message['content'] = layout.multimodal ? (content === '' ? [] : [{ text: content }]) : content;
  if (layout.thinking) message['reasoning_content'] = answer.reasoning.map((piece) => piece.text).join('');
  const choice: Record<string, unknown> = { finish_reason: answer.finishReason, message };
  if (layout.logprobs) choice['logprobs'] = { content: layout.logprobs.flat() };
  return {
    output: { choices: [choice as { finish_reason: string; message: Record<string, unknown> }] },
    usage,
    request_id: layout.requestId,
  };
}
