import type { CompatibleMessage } from '../wire/chat-compatible.js';
import type { NativeMessage } from '../wire/chat-native.js';

/** A chat message reduced to what the emulator's responder reads: role, plain text, media references. */
export interface ChatTurn {
  role: 'system' | 'user' | 'assistant' | 'tool';
  text: string;
  /** Image (and video) URLs or data URIs in the message, in order. */
  media: string[];
  /** Whether this is an assistant turn that called tools (its text is not context). */
  calledTools: boolean;
}

/** Normalises a native message (`content` string or `[{text}|{image}|{video}|{audio}]`) to a {@link ChatTurn}. */
export function nativeChatTurn(message: NativeMessage): ChatTurn {
  const texts: string[] = [];
  const media: string[] = [];
  if (typeof message.content === 'string') texts.push(message.content);
  else {
    for (const part of message.content) {
      if ('text' in part) texts.push(part.text);
      else if ('image' in part) media.push(part.image);
      else if ('video' in part) media.push(...(typeof part.video === 'string' ? [part.video] : part.video));
    }
  }
  return { role: message.role, text: texts.join('\n'), media, calledTools: (message.tool_calls?.length ?? 0) > 0 };
}

/** Normalises an OpenAI-style message (string, or `text` / `image_url` / `video_url` parts) to a {@link ChatTurn}. */
export function compatibleChatTurn(message: CompatibleMessage): ChatTurn {
  const texts: string[] = [];
  const media: string[] = [];
  if (typeof message.content === 'string') texts.push(message.content);
  else if (message.content) {
    for (const part of message.content) {
      if (part.type === 'text') texts.push(part.text);
      else if (part.type === 'image_url') media.push(part.image_url.url);
      else if (part.type === 'video_url') media.push(part.video_url.url);
      else if (part.type === 'video') media.push(...part.video);
    }
  }
  const role = message.role === 'developer' ? 'system' : message.role;
  return { role, text: texts.join('\n'), media, calledTools: (message.tool_calls?.length ?? 0) > 0 };
}
