import { encodeSSE } from '../../core/sse.js';
import type { LimitedAnswer } from '../limit-answer.js';
import { responseObject, responseOutputItems, type ResponseLayout } from './response-output.js';

/**
 * The SSE frames of a streamed response, as the OpenAI Responses API streams them (`event: <type>` and
 * `data: {type, sequence_number, …}`): `response.created`, `response.in_progress`; per output item
 * `response.output_item.added`, its deltas (reasoning summary text, output text by token, function call
 * arguments) and `.done` events, `response.output_item.done`; then `response.completed` with the whole
 * response. The stream has no `[DONE]` line.
 */
export function responseEvents(answer: LimitedAnswer, layout: ResponseLayout): string[] {
  const frames: string[] = [];
  let sequence = 0;
  const emit = (type: string, fields: Record<string, unknown>): void => {
    frames.push(encodeSSE({ event: type, data: JSON.stringify({ type, sequence_number: sequence++, ...fields }) }, 'compatible'));
  };
  emit('response.created', { response: responseObject(answer, layout, 'in_progress') });
  emit('response.in_progress', { response: responseObject(answer, layout, 'in_progress') });
  responseOutputItems(answer, layout).forEach((item, output_index) => {
    if (item.type === 'reasoning') {
      emit('response.output_item.added', { output_index, item: { ...item, summary: [] } });
      const text = item.summary[0]?.text ?? '';
      const at = { item_id: item.id, output_index, summary_index: 0 };
      emit('response.reasoning_summary_part.added', { ...at, part: { type: 'summary_text', text: '' } });
      for (const piece of answer.reasoning) emit('response.reasoning_summary_text.delta', { ...at, delta: piece.text });
      emit('response.reasoning_summary_text.done', { ...at, text });
      emit('response.reasoning_summary_part.done', { ...at, part: { type: 'summary_text', text } });
    } else if (item.type === 'function_call') {
      emit('response.output_item.added', { output_index, item: { ...item, arguments: '', status: 'in_progress' } });
      emit('response.function_call_arguments.delta', { item_id: item.id, output_index, delta: item.arguments });
      emit('response.function_call_arguments.done', { item_id: item.id, output_index, arguments: item.arguments });
    } else {
      emit('response.output_item.added', { output_index, item: { ...item, status: 'in_progress', content: [] } });
      const at = { item_id: item.id, output_index, content_index: 0 };
      const text = item.content[0]?.text ?? '';
      emit('response.content_part.added', { ...at, part: { type: 'output_text', text: '', annotations: [] } });
      for (const piece of answer.content) emit('response.output_text.delta', { ...at, delta: piece.text, logprobs: [] });
      emit('response.output_text.done', { ...at, text, logprobs: [] });
      emit('response.content_part.done', { ...at, part: { type: 'output_text', text, annotations: [] } });
    }
    emit('response.output_item.done', { output_index, item });
  });
  emit('response.completed', { response: responseObject(answer, layout, 'completed') });
  return frames;
}
