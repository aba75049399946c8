import type { ChatTurn } from './chat-turn.js';

/** A sentence the responder may quote, with the number it is cited by. */
export interface ContextSentence {
  text: string;
  /** Citation number: the passage's own `[n]` label, or its position among unlabelled passages. */
  citation: number;
  /** Position in the conversation, for stable ordering. */
  position: number;
}

const LABEL = /^\s*\[(\d{1,4})\]\s*/;
const SENTENCE_END = /(?<=[.!?])\s+|(?<=[。！？；])|\n+/u;

function passagesOf(text: string): { label: number | undefined; body: string }[] {
  const passages: { label: number | undefined; body: string }[] = [];
  for (const block of text.split(/\n\s*\n/)) {
    const lines = block.split('\n');
    let current: { label: number | undefined; lines: string[] } | undefined;
    for (const line of lines) {
      const label = LABEL.exec(line);
      if (label || !current) {
        if (current) passages.push({ label: current.label, body: current.lines.join('\n') });
        current = { label: label ? Number(label[1]) : undefined, lines: [label ? line.slice(label[0].length) : line] };
      } else current.lines.push(line);
    }
    if (current) passages.push({ label: current.label, body: current.lines.join('\n') });
  }
  return passages.filter((passage) => passage.body.trim() !== '');
}

/**
 * Splits the conversation's context into quotable sentences: system, tool and user turns and plain
 * assistant answers (not tool-call turns). Passages are blocks separated
 * by blank lines or lines starting with a `[n]` label. When any passage carries a label, only labelled
 * passages are quotable and they keep their numbers, so an application's `[1] … [2] …` context is
 * cited as given; otherwise passages are numbered 1, 2, … in order.
 */
export function contextSentences(turns: readonly ChatTurn[]): ContextSentence[] {
  const passages = turns
    .filter((turn) => !turn.calledTools)
    .flatMap((turn) => passagesOf(turn.text));
  const labelled = passages.some((passage) => passage.label !== undefined);
  const sentences: ContextSentence[] = [];
  let unlabelled = 0;
  let position = 0;
  for (const passage of passages) {
    if (labelled && passage.label === undefined) continue;
    const citation = passage.label ?? ++unlabelled;
    for (const raw of passage.body.split(SENTENCE_END)) {
      const text = raw.trim();
      if (text === '') continue;
      sentences.push({ text, citation, position: position++ });
    }
  }
  return sentences;
}
