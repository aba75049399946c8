import type { ChatMessage } from '../index.js';
import { ServeRequestError } from './serve-request-error.js';

/** A chat message as the serve endpoints accept it: string content, or OpenAI content parts (text parts are read). */
export interface IncomingMessage {
  role: string;
  content?: string | ReadonlyArray<{ type?: string | undefined; text?: string | undefined }> | null | undefined;
}

/** The question of a request and the turns before it. */
export interface Conversation {
  question: string;
  /**
   * Earlier `user` and `assistant` turns, in order, without the sources block this server appended to its
   * answers (system and tool messages are left out: the server has its own prompt).
   */
  history: ChatMessage[];
}

const SOURCES_BLOCK = /\n\nSources:\n(?:\[\d+\] .*(?:\n|$))+$/;

function textOf(message: IncomingMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!content) return '';
  return content
    .filter((part) => (part.type ?? 'text') === 'text')
    .map((part) => part.text ?? '')
    .join('');
}

/**
 * Splits `messages` into the question (the last message, which must be a non-empty `user` turn, as
 * DeepWiki-Open requires) and the history (see {@link Conversation.history}).
 *
 * @throws ServeRequestError `no_question` for no messages, a last message that is not from the user, or an
 *   empty question.
 */
export function conversationOf(messages: readonly IncomingMessage[]): Conversation {
  const last = messages.at(-1);
  if (!last) throw new ServeRequestError('no_question', 'messages is empty: send at least one user message.', 'messages');
  const param = `messages.${messages.length - 1}`;
  if (last.role !== 'user') throw new ServeRequestError('no_question', `The last message must be from the user, not ${last.role}.`, `${param}.role`);
  const question = textOf(last).trim();
  if (question === '') throw new ServeRequestError('no_question', 'The question (the last user message) is empty.', `${param}.content`);
  const history: ChatMessage[] = [];
  for (const message of messages.slice(0, -1)) {
    if (message.role !== 'user' && message.role !== 'assistant') continue;
    const content = message.role === 'assistant' ? textOf(message).replace(SOURCES_BLOCK, '') : textOf(message);
    if (content.trim() !== '') history.push({ role: message.role, content });
  }
  return { question, history };
}
