import type { z } from 'zod';
import type { ResponseCreateRequestSchema } from '../../wire/responses.js';
import type { ChatTurn } from '../chat-turn.js';

type ResponseRequest = z.infer<typeof ResponseCreateRequestSchema>;

/**
 * A Responses API `input` (a string, or message / `function_call` / `function_call_output` items) as the
 * chat turns the emulator's responder reads: a string is one user turn; `developer` counts as `system`;
 * a replayed `function_call` is an assistant turn that called tools; a function's output is a tool turn.
 */
export function responseInputTurns(input: ResponseRequest['input']): ChatTurn[] {
  if (typeof input === 'string') return [{ role: 'user', text: input, media: [], calledTools: false }];
  return input.map((item): ChatTurn => {
    if (item.type === 'function_call') return { role: 'assistant', text: '', media: [], calledTools: true };
    if (item.type === 'function_call_output') return { role: 'tool', text: item.output, media: [], calledTools: false };
    const message = item as Extract<typeof item, { role: string }>;
    const role = message.role === 'developer' ? 'system' : message.role;
    if (typeof message.content === 'string') return { role, text: message.content, media: [], calledTools: false };
    const texts: string[] = [];
    const media: string[] = [];
    for (const part of message.content) {
      if (part.type === 'input_image') media.push(String(part.image_url));
      else texts.push(String(part.text));
    }
    return { role, text: texts.join('\n'), media, calledTools: false };
  });
}
