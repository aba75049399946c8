import { InputValidationError } from '../../core/errors.js';
import type { CompatibleMessage } from '../../wire/chat-compatible.js';
import type { NativeContentPart, NativeMessage } from '../../wire/chat-native.js';
import type { CacheControl, ChatContentPart, ChatMessage } from './chat-types.js';

type NeutralPart = { kind: 'text' | 'image' | 'video' | 'audio'; value: string | string[]; cacheControl?: CacheControl };

function textPart(part: { text: string; cache_control?: CacheControl }): NeutralPart {
  return part.cache_control === undefined ? { kind: 'text', value: part.text } : { kind: 'text', value: part.text, cacheControl: part.cache_control };
}

function neutralPart(part: ChatContentPart, where: string): NeutralPart {
  if ('type' in part) {
    if (part.type === 'text') return textPart(part);
    if (part.type === 'image_url') return { kind: 'image', value: part.image_url.url };
    if (part.type === 'video_url') return { kind: 'video', value: part.video_url.url };
  }
  if ('text' in part && typeof part.text === 'string') return textPart(part);
  if ('image' in part && typeof part.image === 'string') return { kind: 'image', value: part.image };
  if ('video' in part) return { kind: 'video', value: part.video };
  if ('audio' in part && typeof part.audio === 'string') return { kind: 'audio', value: part.audio };
  throw new InputValidationError(`Unknown content part type at ${where}: expected text, image, video or audio.`, where);
}

/** True when any message carries an image, video or audio part (→ the multimodal endpoint). */
export function hasMediaParts(messages: readonly ChatMessage[]): boolean {
  return messages.some(
    (message, index) =>
      Array.isArray(message.content) &&
      message.content.some((part, partIndex) => neutralPart(part, `messages[${index}].content[${partIndex}]`).kind !== 'text'),
  );
}

/**
 * Converts messages to the native wire. Text-only content stays a string unless `multimodal`, in which
 * case every content becomes a `[{text}]` array, as the multimodal endpoint expects, or unless a part
 * carries a context-cache marker: then the parts stay apart and the marked one is sent as
 * `{type: 'text', text, cache_control}`.
 * @throws InputValidationError for unknown part types.
 */
export function toNativeMessages(messages: readonly ChatMessage[], multimodal: boolean): NativeMessage[] {
  return messages.map((message, index) => {
    const native: NativeMessage = { role: message.role, content: '' };
    const content = message.content ?? '';
    if (typeof content === 'string') native.content = multimodal ? [{ text: content }] : content;
    else {
      const parts = content.map((part, partIndex) => neutralPart(part, `messages[${index}].content[${partIndex}]`));
      if (!multimodal && parts.every((part) => part.kind === 'text' && part.cacheControl === undefined)) native.content = parts.map((part) => part.value).join('');
      else native.content = parts.map(toNativePart);
    }
    if (message.name !== undefined) native.name = message.name;
    if (message.tool_calls !== undefined) native.tool_calls = message.tool_calls;
    if (message.tool_call_id !== undefined) native.tool_call_id = message.tool_call_id;
    return native;
  });
}

function toNativePart(part: NeutralPart): NativeContentPart {
  if (part.kind === 'text') {
    return part.cacheControl ? { type: 'text', text: String(part.value), cache_control: part.cacheControl } : { text: String(part.value) };
  }
  if (part.kind === 'image') return { image: String(part.value) };
  if (part.kind === 'audio') return { audio: String(part.value) };
  return { video: part.value };
}

/**
 * Converts messages to the OpenAI-compatible wire (`image_url`, `video_url` parts); a text part's
 * `cache_control` marker is sent unchanged.
 * @throws InputValidationError for audio parts (use the native protocol) or unknown part types.
 */
export function toCompatibleMessages(messages: readonly ChatMessage[]): CompatibleMessage[] {
  return messages.map((message, index) => {
    const compatible: CompatibleMessage = { role: message.role, content: null };
    const content = message.content;
    if (content === null || typeof content === 'string') compatible.content = content;
    else {
      compatible.content = content.map((raw, partIndex) => {
        const where = `messages[${index}].content[${partIndex}]`;
        const part = neutralPart(raw, where);
        if (part.kind === 'text') {
          return part.cacheControl
            ? { type: 'text' as const, text: String(part.value), cache_control: part.cacheControl }
            : { type: 'text' as const, text: String(part.value) };
        }
        if (part.kind === 'image') return { type: 'image_url' as const, image_url: { url: String(part.value) } };
        if (part.kind === 'video') {
          return Array.isArray(part.value)
            ? { type: 'video' as const, video: part.value }
            : { type: 'video_url' as const, video_url: { url: part.value } };
        }
        throw new InputValidationError(`Audio parts need the native protocol (${where}).`, where);
      });
    }
    if (message.name !== undefined) compatible.name = message.name;
    if (message.tool_calls !== undefined) compatible.tool_calls = message.tool_calls;
    if (message.tool_call_id !== undefined) compatible.tool_call_id = message.tool_call_id;
    return compatible;
  });
}
