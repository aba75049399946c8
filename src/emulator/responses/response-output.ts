import type { LimitedAnswer } from '../limit-answer.js';

/** Identity and usage inputs of one emulated response. */
export interface ResponseLayout {
  /** `resp_<request id>`. */
  id: string;
  /** Epoch seconds. */
  created_at: number;
  model: string;
  thinking: boolean;
  inputTokens: number;
}

/** An output item of the emulator's response, in the shapes of the OpenAI Responses API that DashScope follows. */
export type EmulatedOutputItem =
  | { type: 'reasoning'; id: string; summary: { type: 'summary_text'; text: string }[] }
  | { type: 'message'; id: string; status: 'completed'; role: 'assistant'; content: { type: 'output_text'; text: string; annotations: [] }[] }
  | { type: 'function_call'; id: string; call_id: string; name: string; arguments: string; status: 'completed' };

/**
 * The output items of an answer, in order: a reasoning item when thinking, then either the function
 * calls the responder chose or one assistant message with the answer text.
 */
export function responseOutputItems(answer: LimitedAnswer, layout: ResponseLayout): EmulatedOutputItem[] {
  const items: EmulatedOutputItem[] = [];
  if (layout.thinking) {
    items.push({ type: 'reasoning', id: `rs_${layout.id}`, summary: [{ type: 'summary_text', text: answer.reasoning.map((piece) => piece.text).join('') }] });
  }
  if (answer.toolCalls.length > 0) {
    answer.toolCalls.forEach((call, index) => {
      items.push({ type: 'function_call', id: `fc_${layout.id}_${index}`, call_id: call.id, name: call.name, arguments: call.arguments, status: 'completed' });
    });
    return items;
  }
  const text = answer.content.map((piece) => piece.text).join('');
  items.push({ type: 'message', id: `msg_${layout.id}`, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text, annotations: [] }] });
  return items;
}

/**
 * The `response` object (https://help.aliyun.com/en/model-studio/compatibility-with-openai-responses-api):
 * `status` `completed` (or `in_progress` with no output, for `response.created`), usage in tokens with
 * `input_tokens_details.cached_tokens` and `output_tokens_details.reasoning_tokens`.
 */
export function responseObject(answer: LimitedAnswer, layout: ResponseLayout, status: 'in_progress' | 'completed'): Record<string, unknown> {
  const done = status === 'completed';
  return {
    id: layout.id,
    object: 'response',
    created_at: layout.created_at,
    status,
    model: layout.model,
    output: done ? responseOutputItems(answer, layout) : [],
    parallel_tool_calls: true,
    tool_choice: 'auto',
    tools: [],
    error: null,
    incomplete_details: null,
    usage: done
      ? {
          input_tokens: layout.inputTokens,
          output_tokens: answer.outputTokens,
          total_tokens: layout.inputTokens + answer.outputTokens,
          input_tokens_details: { cached_tokens: 0 },
          output_tokens_details: { reasoning_tokens: answer.reasoningTokens },
        }
      : null,
  };
}
