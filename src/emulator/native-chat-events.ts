import { encodeSSE } from '../core/sse.js';
import type { NativeChatLayout } from './native-chat-body.js';
import { groupPieces } from './group-pieces.js';
import type { LimitedAnswer } from './limit-answer.js';
import { nativeChatUsage } from './native-chat-usage.js';

interface Frame {
  kind: 'reasoning' | 'content' | 'tool';
  text: string;
  tokens: number;
  call?: number;
  first?: boolean;
  /** Content frames: position among the content deltas. */
  group?: number;
}

function splitArguments(text: string): string[] {
  const size = Math.max(1, Math.ceil(text.length / 3));
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += size) parts.push(text.slice(start, start + size));
  return parts.length > 0 ? parts : [''];
}

function framesOf(answer: LimitedAnswer): Frame[] {
  const frames: Frame[] = [
    ...groupPieces(answer.reasoning).map((group): Frame => ({ kind: 'reasoning', ...group })),
    ...groupPieces(answer.content).map((group, index): Frame => ({ kind: 'content', ...group, group: index })),
  ];
  const spent = frames.reduce((sum, frame) => sum + frame.tokens, 0);
  let toolTokens = answer.outputTokens - spent;
  answer.toolCalls.forEach((call, index) => {
    splitArguments(call.arguments).forEach((part, position) => {
      frames.push({ kind: 'tool', text: part, tokens: toolTokens, call: index, first: position === 0 });
      toolTokens = 0;
    });
  });
  return frames;
}

/**
 * The native SSE transcript of a chat answer (https://www.alibabacloud.com/help/en/model-studio/stream),
 * each event written by the SDK's `encodeSSE` in native style (`id:N`, `event:result`,
 * `:HTTP_STATUS/200`, `data:{…}`): reasoning deltas first (`content: ""`), then content deltas (about
 * four tokens per event), then tool-call fragments keyed by `index` (the first with `id`, `type` and
 * `function.name`, later ones with `"id":""` and only `arguments`). `finish_reason` is the string
 * `"null"` until the last event. With `incremental` false every event carries the whole text so far
 * (the server default). `usage` is cumulative on every event. The last event carries the finish
 * reason on its own with an empty delta, except after tool calls and on multimodal models, where it
 * rides on the last fragment. With `logprobs`, `choices[0].logprobs` holds the tokens of each content
 * delta (cumulative mode: all tokens so far, like the text).
 */
export function nativeChatEvents(answer: LimitedAnswer, layout: NativeChatLayout & { incremental: boolean }): string[] {
  const frames = framesOf(answer);
  const merged = answer.toolCalls.length > 0 || layout.multimodal;
  const reasoningSoFar: string[] = [];
  const contentSoFar: string[] = [];
  const argumentsSoFar = answer.toolCalls.map(() => '');
  let outputTokens = 0;
  let reasoningTokens = 0;
  let contentGroups = 0;
  const events: string[] = [];

  function payload(frame: Frame | undefined, finish: string): unknown {
    const usage = nativeChatUsage(
      { inputTokens: layout.inputTokens, outputTokens, reasoningTokens, mediaTokens: layout.mediaTokens },
      { multimodal: layout.multimodal, thinking: layout.thinking, cachedDetails: false, cache: layout.cache },
    );
    const delta = (kind: Frame['kind'], all: string[]) =>
      layout.incremental ? (frame?.kind === kind ? frame.text : '') : all.join('');
    const content = delta('content', contentSoFar);
    if (layout.resultFormat === 'text') {
      return { output: { finish_reason: finish, text: content }, usage, request_id: layout.requestId };
    }
    const message: Record<string, unknown> = { content: layout.multimodal ? (content === '' ? [] : [{ text: content }]) : content };
    if (layout.thinking) message['reasoning_content'] = delta('reasoning', reasoningSoFar);
    message['role'] = 'assistant';
    if (frame?.kind === 'tool' && frame.call !== undefined) {
      const call = answer.toolCalls[frame.call];
      const fragment =
        layout.incremental && !frame.first
          ? { index: frame.call, id: '', type: 'function', function: { arguments: frame.text } }
          : { index: frame.call, id: call?.id, type: 'function', function: { name: call?.name, arguments: layout.incremental ? frame.text : argumentsSoFar[frame.call] } };
      message['tool_calls'] = [fragment];
    }
    const choice: Record<string, unknown> = { message, finish_reason: finish };
    if (layout.logprobs) {
      const tokens = layout.incremental ? (frame?.kind === 'content' ? layout.logprobs[frame.group ?? 0] : undefined) : layout.logprobs.slice(0, contentGroups).flat();
      if (tokens && tokens.length > 0) choice['logprobs'] = { content: tokens };
    }
    return { output: { choices: [choice] }, usage, request_id: layout.requestId };
  }

  frames.forEach((frame, index) => {
    if (frame.kind === 'reasoning') {
      reasoningSoFar.push(frame.text);
      reasoningTokens += frame.tokens;
    } else if (frame.kind === 'content') {
      contentSoFar.push(frame.text);
      contentGroups++;
    }
    else if (frame.call !== undefined) argumentsSoFar[frame.call] += frame.text;
    outputTokens += frame.tokens;
    const last = index === frames.length - 1;
    const finish = merged && last ? answer.finishReason : 'null';
    events.push(encodeSSE({ id: String(events.length + 1), event: 'result', status: 200, data: JSON.stringify(payload(frame, finish)) }, 'native'));
  });
  if (!merged || frames.length === 0) {
    events.push(encodeSSE({ id: String(events.length + 1), event: 'result', status: 200, data: JSON.stringify(payload(undefined, answer.finishReason)) }, 'native'));
  }
  return events;
}
