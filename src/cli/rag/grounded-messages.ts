import type { ChatMessage } from '../../index.js';
import type { SearchHit } from './search-index.js';

/** System prompt of `ask`: answer from the numbered sources only and cite them. */
export const GROUNDED_SYSTEM_PROMPT =
  'You answer questions using only the numbered sources the user gives. Cite every statement with the number of ' +
  'its source in square brackets, like [1] or [2][3]. If the sources do not contain the answer, say that you ' +
  'could not find it. Be concise.';

/**
 * Builds the chat messages of `ask`: the system prompt, then one user message with each hit as a
 * passage labelled `[rank] file — heading` (blank lines inside a chunk collapsed, so each passage stays
 * one block), then the question.
 */
export function groundedMessages(question: string, hits: readonly SearchHit[]): ChatMessage[] {
  const sources = hits
    .map((hit) => `[${hit.rank}] ${hit.file} — ${hit.heading}\n${hit.text.replace(/\n[ \t]*\n+/g, '\n')}`)
    .join('\n\n');
  return [
    { role: 'system', content: GROUNDED_SYSTEM_PROMPT },
    { role: 'user', content: `Sources:\n\n${sources}\n\nQuestion: ${question}` },
  ];
}
