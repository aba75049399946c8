import type { DocChunk } from './doc-chunk.js';
import { splitMarkdownSections } from './split-markdown-sections.js';
import { stripFrontMatter } from './strip-front-matter.js';
import type { TokenCounter } from './token-counter.js';

/** Sizes of {@link chunkMarkdown}, in tokens of the pipeline's {@link TokenCounter}. */
export interface ChunkOptions {
  countTokens: TokenCounter;
  /** A chunk stops growing before it would pass this. Default 500. */
  maxTokens?: number;
  /**
   * A chunk smaller than this takes in the next section too (when that fits); a section smaller than a
   * third of it joins the chunk before it (when that fits). Default 300.
   */
  minTokens?: number;
  /** Tokens of the previous chunk's tail repeated at the start of the next one within a section. Default 50. */
  overlapTokens?: number;
}

interface Piece {
  text: string;
  tokens: number;
}

interface Draft {
  path: string[];
  parts: Piece[];
  tokens: number;
  /** Parts that carry new text (the overlap copied from the previous chunk does not count). */
  fresh: number;
}

function baseName(file: string): string {
  return (file.split('/').pop() ?? file).replace(/\.(md|markdown|txt)$/i, '');
}

async function splitOversized(block: Piece, maxTokens: number, countTokens: TokenCounter): Promise<Piece[]> {
  if (block.tokens <= maxTokens) return [block];
  const lines = block.text.split('\n');
  const counts = await countTokens(lines);
  const pieces: Piece[] = [];
  let buffer: string[] = [];
  let tokens = 0;
  const flush = (): void => {
    if (buffer.length > 0) pieces.push({ text: buffer.join('\n'), tokens });
    buffer = [];
    tokens = 0;
  };
  for (const [index, line] of lines.entries()) {
    const lineTokens = (counts[index] ?? 0) + 1;
    if (lineTokens > maxTokens) {
      flush();
      const parts = Math.ceil(lineTokens / maxTokens);
      const size = Math.ceil(line.length / parts);
      for (let start = 0; start < line.length; start += size) pieces.push({ text: line.slice(start, start + size), tokens: Math.ceil(lineTokens / parts) });
      continue;
    }
    if (tokens + lineTokens > maxTokens) flush();
    buffer.push(line);
    tokens += lineTokens;
  }
  flush();
  return pieces;
}

function overlapTail(piece: Piece | undefined, overlapTokens: number): Piece | undefined {
  if (!piece || overlapTokens <= 0) return undefined;
  if (piece.tokens <= overlapTokens) return piece;
  const sentences = piece.text.split(/(?<=[.!?])\s+/);
  const tokensPerChar = piece.tokens / Math.max(1, piece.text.length);
  let tail = '';
  for (let index = sentences.length - 1; index >= 0; index--) {
    const next = tail === '' ? (sentences[index] ?? '') : `${sentences[index]} ${tail}`;
    if (next.length * tokensPerChar > overlapTokens) break;
    tail = next;
  }
  return tail === '' ? undefined : { text: tail, tokens: Math.ceil(tail.length * tokensPerChar) };
}

/**
 * Splits one Markdown or text file into chunks that respect headings: front-matter is stripped (its
 * `title` names the document, else the first `#` heading, else the file name), sections are cut at
 * headings, and whole blocks are packed into chunks of at most `maxTokens`. A chunk smaller than
 * `minTokens` takes in the sections that follow while the total fits, and a tiny section (under a third
 * of `minTokens`, e.g. a "See Also" list) joins the chunk before it when that fits; merged sections keep
 * their heading lines in the text; a long section is continued in new chunks that repeat about `overlapTokens` of the previous
 * chunk's tail. Blocks longer than `maxTokens` (huge code blocks, tables) are cut at line breaks.
 *
 * @param file path relative to the indexed folder, `/`-separated; used in the chunks and as the last
 *   fallback title.
 * @returns chunks in document order; `tokens` is the measured size of each chunk's `embedText`.
 */
export async function chunkMarkdown(file: string, markdown: string, options: ChunkOptions): Promise<DocChunk[]> {
  const { countTokens, maxTokens = 500, minTokens = 300, overlapTokens = 50 } = options;
  const { fields, body } = stripFrontMatter(markdown);
  const firstH1 = /^\s{0,3}#[ \t]+(.+?)[ \t]*#*[ \t]*$/m.exec(body)?.[1];
  const title = fields.title?.trim() || firstH1?.trim() || baseName(file);
  const sections = splitMarkdownSections(body, title);
  const texts = sections.flatMap((section) => [section.headingLine, ...section.blocks]);
  const counts = await countTokens(texts);
  let cursor = 0;
  const next = (text: string): Piece => ({ text, tokens: (counts[cursor++] ?? 0) + 1 });

  const drafts: Draft[] = [];
  let draft: Draft | undefined;
  const start = (path: string[], overlap?: Piece): Draft => {
    const fresh: Draft = { path, parts: overlap ? [overlap] : [], tokens: overlap?.tokens ?? 0, fresh: 0 };
    drafts.push(fresh);
    return fresh;
  };

  for (const section of sections) {
    const heading = next(section.headingLine);
    const blocks: Piece[] = [];
    for (const text of section.blocks) blocks.push(...(await splitOversized(next(text), maxTokens, countTokens)));
    const sectionTokens = blocks.reduce((sum, block) => sum + block.tokens, heading.tokens);
    const small = draft !== undefined && (draft.tokens < minTokens || sectionTokens < minTokens / 3);
    const absorb = small && draft !== undefined && draft.tokens + sectionTokens <= maxTokens;
    if (absorb && draft && section.headingLine !== '') {
      draft.parts.push(heading);
      draft.tokens += heading.tokens;
    }
    if (!absorb || !draft) draft = start(section.path);
    for (const block of blocks) {
      if (draft.fresh > 0 && draft.tokens + block.tokens > maxTokens) {
        draft = start(section.path, overlapTail(draft.parts[draft.parts.length - 1], overlapTokens));
      }
      draft.parts.push(block);
      draft.tokens += block.tokens;
      draft.fresh++;
    }
  }

  const kept = drafts.filter((candidate) => candidate.fresh > 0);
  const chunks = kept.map((candidate, ordinal) => {
    const heading = candidate.path.join(' > ');
    const text = candidate.parts.map((part) => part.text).join('\n\n');
    return { file, heading, ordinal, text, embedText: `${heading}\n\n${text}`, tokens: 0 };
  });
  const sizes = await countTokens(chunks.map((chunk) => chunk.embedText));
  chunks.forEach((chunk, index) => (chunk.tokens = sizes[index] ?? 0));
  return chunks;
}
