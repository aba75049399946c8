import type { LanguageModelV4FilePart, LanguageModelV4Prompt, LanguageModelV4ToolResultOutput, SharedV4ProviderOptions } from '@ai-sdk/provider';
import { InputValidationError } from '../core/errors.js';
import type { CacheControl, ChatContentPart, ChatMessage } from '../resources/chat/chat-types.js';
import type { ToolCall } from '../wire/chat-native.js';

/**
 * Converts an AI SDK (provider spec v4) prompt to DashScope chat messages: system text, user text and
 * images (`image/*` file parts become `image_url` parts: URLs as given, bytes as `data:` URIs), assistant
 * text with `reasoning_content` and `tool_calls` (inputs JSON-encoded), one `tool` message per tool result.
 * `providerOptions: { dashscope: { cache_control: { type: 'ephemeral' } } }` on a system message or a user
 * text part becomes DashScope's explicit context-cache marker
 * (https://www.alibabacloud.com/help/en/model-studio/context-cache).
 *
 * @throws InputValidationError for a user file that is not an image, or a file given by provider reference.
 */
export function convertPrompt(prompt: LanguageModelV4Prompt): ChatMessage[] {
  const messages: ChatMessage[] = [];
  for (const message of prompt) {
    if (message.role === 'system') {
      const marker = cacheControl(message.providerOptions);
      messages.push({ role: 'system', content: marker ? [{ type: 'text', text: message.content, cache_control: marker }] : message.content });
    } else if (message.role === 'user') {
      const parts: ChatContentPart[] = message.content.map((part) => (part.type === 'text' ? textPart(part.text, cacheControl(part.providerOptions)) : imagePart(part)));
      const onlyText = parts.every((part) => 'type' in part && part.type === 'text' && !('cache_control' in part));
      messages.push({ role: 'user', content: onlyText ? parts.map((part) => ('text' in part ? part.text : '')).join('\n') : parts });
    } else if (message.role === 'assistant') {
      let text = '';
      let reasoning = '';
      const toolCalls: ToolCall[] = [];
      for (const part of message.content) {
        if (part.type === 'text') text += part.text;
        else if (part.type === 'reasoning') reasoning += part.text;
        else if (part.type === 'tool-call') {
          const input = typeof part.input === 'string' ? part.input : JSON.stringify(part.input ?? {});
          toolCalls.push({ id: part.toolCallId, type: 'function', function: { name: part.toolName, arguments: input } });
        }
      }
      const assistant: ChatMessage = { role: 'assistant', content: text };
      if (reasoning) assistant.reasoning_content = reasoning;
      if (toolCalls.length > 0) assistant.tool_calls = toolCalls;
      messages.push(assistant);
    } else {
      for (const part of message.content) {
        if (part.type !== 'tool-result') continue;
        messages.push({ role: 'tool', tool_call_id: part.toolCallId, name: part.toolName, content: toolOutputText(part.output) });
      }
    }
  }
  return messages;
}

function cacheControl(options: SharedV4ProviderOptions | undefined): CacheControl | undefined {
  const marker = options?.['dashscope']?.['cache_control'];
  return marker && typeof marker === 'object' && 'type' in marker && marker.type === 'ephemeral' ? { type: 'ephemeral' } : undefined;
}

function textPart(text: string, marker: CacheControl | undefined): ChatContentPart {
  return marker ? { type: 'text', text, cache_control: marker } : { type: 'text', text };
}

function imagePart(part: LanguageModelV4FilePart): ChatContentPart {
  if (!part.mediaType.startsWith('image/')) {
    throw new InputValidationError(`DashScope chat accepts image files only in user messages (got ${part.mediaType}).`, 'prompt');
  }
  const data = part.data;
  if (data.type === 'url') return { type: 'image_url', image_url: { url: data.url.toString() } };
  if (data.type === 'data') {
    const base64 = typeof data.data === 'string' ? data.data : bytesToBase64(data.data);
    return { type: 'image_url', image_url: { url: `data:${part.mediaType};base64,${base64}` } };
  }
  throw new InputValidationError(`Image given as ${data.type}: pass a URL or bytes.`, 'prompt');
}

function toolOutputText(output: LanguageModelV4ToolResultOutput): string {
  switch (output.type) {
    case 'text':
    case 'error-text':
      return output.value;
    case 'json':
    case 'error-json':
      return JSON.stringify(output.value);
    case 'execution-denied':
      return output.reason ?? 'Tool execution denied.';
    case 'content':
      return output.value.map((item) => (item.type === 'text' ? item.text : '')).join('');
  }
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let offset = 0; offset < bytes.length; offset += 0x8000) binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  return btoa(binary);
}
