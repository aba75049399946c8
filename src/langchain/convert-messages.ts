import type { BaseMessage, MessageContent } from '@langchain/core/messages';
import { InputValidationError } from '../core/errors.js';
import type { ChatContentPart, ChatMessage } from '../resources/chat/chat-types.js';

/**
 * Converts LangChain messages to DashScope chat messages: `system`, `human` → `user`, `ai` → `assistant`
 * (tool calls with JSON-encoded args; `additional_kwargs.reasoning_content` re-sent as `reasoning_content`),
 * `tool` → `tool` with `tool_call_id`. Content blocks: `text`, and images as `image_url` parts (an
 * `image_url` block, or a standard `image` block with a `url` or base64 `data`).
 *
 * @throws InputValidationError for a message type DashScope has no role for, or a content block it cannot carry.
 */
export function convertMessages(messages: BaseMessage[]): ChatMessage[] {
  return messages.map((message) => {
    const type = message.type;
    if (type === 'system') return { role: 'system', content: textOf(message.content) };
    if (type === 'human') return { role: 'user', content: userContent(message.content) };
    if (type === 'tool') {
      const toolCallId = (message as BaseMessage & { tool_call_id?: string }).tool_call_id;
      return { role: 'tool', content: textOf(message.content), ...(toolCallId ? { tool_call_id: toolCallId } : {}) };
    }
    if (type === 'ai') {
      const ai = message as BaseMessage & { tool_calls?: Array<{ id?: string; name: string; args: Record<string, unknown> }> };
      const assistant: ChatMessage = { role: 'assistant', content: textOf(message.content) };
      const reasoning = message.additional_kwargs['reasoning_content'];
      if (typeof reasoning === 'string' && reasoning) assistant.reasoning_content = reasoning;
      if (ai.tool_calls?.length) {
        assistant.tool_calls = ai.tool_calls.map((call) => ({ ...(call.id ? { id: call.id } : {}), type: 'function', function: { name: call.name, arguments: JSON.stringify(call.args) } }));
      }
      return assistant;
    }
    throw new InputValidationError(`DashScope chat has no role for a "${type}" message.`, 'messages');
  });
}

function textOf(content: MessageContent): string {
  if (typeof content === 'string') return content;
  return content.map((block) => (block.type === 'text' && typeof block['text'] === 'string' ? block['text'] : '')).join('');
}

function userContent(content: MessageContent): string | ChatContentPart[] {
  if (typeof content === 'string') return content;
  return content.map((block): ChatContentPart => {
    if (block.type === 'text' && typeof block['text'] === 'string') return { type: 'text', text: block['text'] };
    if (block.type === 'image_url') {
      const image = block['image_url'];
      const url = typeof image === 'string' ? image : (image as { url?: unknown } | undefined)?.url;
      if (typeof url === 'string') return { type: 'image_url', image_url: { url } };
    }
    if (block.type === 'image') {
      if (typeof block['url'] === 'string') return { type: 'image_url', image_url: { url: block['url'] } };
      const mime = typeof block['mimeType'] === 'string' ? block['mimeType'] : 'image/png';
      if (typeof block['data'] === 'string') return { type: 'image_url', image_url: { url: `data:${mime};base64,${block['data']}` } };
    }
    throw new InputValidationError(`DashScope chat cannot carry a "${block.type}" content block.`, 'messages');
  });
}
