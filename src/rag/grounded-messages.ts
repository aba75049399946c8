import type { ChatMessage } from '../index.js';
import type { SearchHit } from './search-index.js';

/** System prompt of `ask`: answer from the numbered sources only and cite them. */
export const GROUNDED_SYSTEM_PROMPT =
  'You answer questions using only the numbered passages the user gives. Cite every statement with the number of ' +
  'its passage in square brackets, like [1] or [2][3]. If the passages do not contain the answer, say that you ' +
  'could not find it. Be concise.';

/**
 * Markdown of a chunk as prompt text: links keep their text, list bullets, heading marks and emphasis
 * go, and blank lines are collapsed so the passage stays one block.
 */
export function promptText(markdown: string): string {
  return markdown
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/^[ \t]*(?:[*+-]|\d+[.)])[ \t]+/gm, '')
    .replace(/^[ \t]*#{1,6}[ \t]+(.*?)[ \t]*#*[ \t]*$/gm, '$1:')
    .replace(/\*\*([^*]+)\*\*/g, '$1')
    .replace(/\n[ \t]*\n+/g, '\n')
    .trim();
}

/**
 * Builds the chat messages of `ask`: the system prompt, then one user message with a list of the
 * passages' origins (`n: file — heading`), the passages themselves, each in its own block starting with
 * its `[n]` label, and the question. Origins and passages are kept apart so that an answer quotes
 * document text, not file names.
 */
export function groundedMessages(question: string, hits: readonly SearchHit[]): ChatMessage[] {
  const origins = hits.map((hit) => `${hit.rank}: ${hit.file} — ${hit.heading}`).join('\n');
  const passages = hits.map((hit) => `[${hit.rank}]\n${promptText(hit.text)}`).join('\n\n');
  return [
    { role: 'system', content: GROUNDED_SYSTEM_PROMPT },
    { role: 'user', content: `Where each passage comes from (number: file — section):\n${origins}\n\nPassages:\n\n${passages}\n\nQuestion: ${question}` },
  ];
}
