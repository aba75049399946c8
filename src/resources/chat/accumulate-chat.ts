import type { ToolCall } from '../../wire/chat-native.js';
import type { ChatCompletion, ChatCompletionChunk } from './chat-types.js';

/** Running state of a streamed completion; start from {@link emptyCompletion}. */
export interface ChatAccumulator {
  completion: ChatCompletion;
}

/** An empty completion to accumulate chunks into. */
export function emptyCompletion(model: string): ChatAccumulator {
  return { completion: { request_id: '', model, choices: [], usage: { input_tokens: 0, output_tokens: 0, total_tokens: 0 } } };
}

/**
 * Folds one chunk into the accumulator: appends content and reasoning, merges tool-call fragments by
 * `index` (the first fragment brings `id`/`name`, later ones only `arguments`; an empty `id` is ignored),
 * keeps the last non-null `finish_reason` and the latest cumulative usage; appends `logprobs.content`
 * entries in order.
 */
export function accumulateChatChunk(state: ChatAccumulator, chunk: ChatCompletionChunk): void {
  const completion = state.completion;
  if (chunk.request_id) completion.request_id = chunk.request_id;
  if (chunk.usage) completion.usage = chunk.usage;
  for (const choiceDelta of chunk.choices) {
    let choice = completion.choices.find((existing) => existing.index === choiceDelta.index);
    if (!choice) {
      choice = { index: choiceDelta.index, finish_reason: null, message: { role: 'assistant', content: '' } };
      completion.choices.push(choice);
    }
    const { delta } = choiceDelta;
    if (delta.content) choice.message.content += delta.content;
    if (delta.reasoning_content) choice.message.reasoning_content = (choice.message.reasoning_content ?? '') + delta.reasoning_content;
    if (choiceDelta.finish_reason) choice.finish_reason = choiceDelta.finish_reason;
    if (choiceDelta.logprobs) (choice.logprobs ??= { content: [] }).content.push(...choiceDelta.logprobs.content);
    for (const fragment of delta.tool_calls ?? []) {
      const calls = (choice.message.tool_calls ??= []);
      let call: ToolCall | undefined = calls.find((existing) => existing.index === fragment.index);
      if (!call) {
        call = { index: fragment.index, id: '', type: 'function', function: { name: '', arguments: '' } };
        calls.push(call);
      }
      if (fragment.id) call.id = fragment.id;
      if (fragment.function.name) call.function.name = (call.function.name ?? '') + fragment.function.name;
      if (fragment.function.arguments) call.function.arguments = (call.function.arguments ?? '') + fragment.function.arguments;
    }
  }
  completion.choices.sort((left, right) => left.index - right.index);
}
