import type { AnswerResult } from '../rag/stream-answer.js';

/**
 * The sources block the text endpoints send after an answer:
 *
 * ```text
 * \n\nSources:\n[1] guides/publish.md — Publishing scoped packages\n[3] cli/npm-ci.md — Description\n
 * ```
 *
 * A blank line, `Sources:`, then one line `[n] file — heading` per cited source in citation-number order
 * (every source given to the model when the answer cites none, as `ask` does). Empty without sources.
 */
export function formatSourcesText(result: Pick<AnswerResult, 'sources' | 'citations'>): string {
  const listed = result.citations.length > 0 ? result.sources.filter((source) => source.cited) : result.sources;
  if (listed.length === 0) return '';
  return `\n\nSources:\n${listed.map((source) => `[${source.n}] ${source.file} — ${source.heading}\n`).join('')}`;
}
