import { encodeSSE } from '../core/sse.js';
import { compatibleUsage, type CompatibleChatLayout } from './compatible-chat-body.js';
import { groupPieces } from './group-pieces.js';
import type { LimitedAnswer } from './limit-answer.js';

/**
 * The compatible-mode SSE transcript of an answer, each event written by the SDK's `encodeSSE` in
 * compatible style (`data: {…}`), as recorded in https://www.alibabacloud.com/help/en/model-studio/stream:
 * a first chunk with `delta: {"content":"","role":"assistant"}` (thinking: `content: null,
 * reasoning_content: ""`), `reasoning_content` deltas, `content` deltas, tool-call fragments by
 * `index`, a chunk with the `finish_reason` and an empty delta, then, with
 * `stream_options.include_usage`, a usage chunk with `"choices": []`, and finally `data: [DONE]`.
 * `usage` is `null` on every other chunk; `finish_reason` is JSON `null` until the end. `logprobs` is
 * `null` except on content chunks of a call that asked for them (`{content: [...]}` of that delta's tokens).
 */
export function compatibleChatChunks(answer: LimitedAnswer, layout: CompatibleChatLayout & { includeUsage: boolean }): string[] {
  const chunk = (choices: unknown[], usage: unknown = null) =>
    encodeSSE(
      {
        data: JSON.stringify({
          choices,
          object: 'chat.completion.chunk',
          usage,
          created: layout.created,
          system_fingerprint: null,
          model: layout.model,
          id: layout.id,
        }),
      },
      'compatible',
    );
  const choice = (delta: Record<string, unknown>, finish: string | null = null, logprobs: unknown = null) => ({ delta, finish_reason: finish, index: 0, logprobs });
  const events: string[] = [];
  events.push(chunk([choice(layout.thinking ? { content: null, reasoning_content: '', role: 'assistant' } : { content: '', role: 'assistant' })]));
  for (const group of groupPieces(answer.reasoning)) events.push(chunk([choice({ content: null, reasoning_content: group.text })]));
  groupPieces(answer.content).forEach((group, index) => {
    const logprobs = layout.logprobs ? { content: layout.logprobs[index] ?? [] } : null;
    events.push(chunk([choice(layout.thinking ? { content: group.text, reasoning_content: null } : { content: group.text }, null, logprobs)]));
  });
  answer.toolCalls.forEach((call, index) => {
    events.push(chunk([choice({ content: null, tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] })]));
    events.push(chunk([choice({ content: null, tool_calls: [{ index, id: '', type: 'function', function: { arguments: call.arguments } }] })]));
  });
  events.push(chunk([choice({ content: '' }, answer.finishReason)]));
  if (layout.includeUsage) events.push(chunk([], compatibleUsage(answer, layout)));
  events.push(encodeSSE({ data: '[DONE]' }, 'compatible'));
  return events;
}
