import type { ChunkOptions } from './chunk-markdown.js';
import { CODE_SYNTAX, codeLanguageOf, type CodeSyntax } from './code-languages.js';
import type { DocChunk } from './doc-chunk.js';

/** A run of source lines, 0-based, `end` exclusive, with its size in tokens and the declaration it belongs to. */
interface Span {
  start: number;
  end: number;
  tokens: number;
  declaration: string;
  /** The declaration is an import (the span holds nothing else): a span merged after it names the chunk instead. */
  importsOnly: boolean;
}

const ANY_SYNTAX: CodeSyntax = { comments: ['//', '/*', '*', '*/', '#', '--'], annotations: ['@'], imports: ['import '] };
const MAX_DECLARATION_CHARS = 100;

function startsWithAny(line: string, prefixes: readonly string[]): boolean {
  return prefixes.some((prefix) => line.startsWith(prefix));
}

/** The line naming a block: its first line that is not blank, a comment, an annotation or an import (else the first one that is not blank). */
function declarationOf(lines: readonly string[], syntax: CodeSyntax): Pick<Span, 'declaration' | 'importsOnly'> {
  const candidates = lines.map((line) => line.trim()).filter((line) => line !== '');
  const notComment = candidates.filter((line) => !startsWithAny(line, syntax.comments) && !startsWithAny(line, syntax.annotations));
  const declared = notComment.find((candidate) => !startsWithAny(candidate, syntax.imports));
  const bare = (declared ?? notComment[0] ?? candidates[0] ?? '').replace(/[\s{(:=]+$/, '');
  const declaration = bare.length > MAX_DECLARATION_CHARS ? `${bare.slice(0, MAX_DECLARATION_CHARS - 1)}…` : bare;
  return { declaration, importsOnly: declared === undefined };
}

/** Splits `[start, end)` at blank lines followed by a line that `opens` accepts; spans keep no blank edge lines. */
function splitAtBlankLines(lines: readonly string[], start: number, end: number, opens: (line: string) => boolean): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let first = -1;
  let last = -1;
  let blankBefore = false;
  for (let index = start; index < end; index++) {
    const line = lines[index] ?? '';
    if (line.trim() === '') {
      blankBefore = true;
      continue;
    }
    if (first >= 0 && blankBefore && opens(line)) {
      runs.push([first, last + 1]);
      first = -1;
    }
    if (first < 0) first = index;
    last = index;
    blankBefore = false;
  }
  if (first >= 0) runs.push([first, last + 1]);
  return runs;
}

/**
 * Splits one source file into chunks at its top-level blocks: a block starts after a blank line at a line
 * with no indentation (not a closing bracket), so a declaration keeps its doc comment, decorators and
 * body. Small blocks are packed together like `chunkMarkdown`'s sections (a chunk under `minTokens` takes
 * in the next block, a block under a third of it joins the chunk before it, both while the total fits
 * `maxTokens`); a block over `maxTokens` is cut at its inner blank lines, then at line breaks (a line over
 * the budget at characters). `overlapTokens` is not used: a continued block repeats its declaration in
 * the heading instead.
 *
 * Each chunk's `heading` is the path, the language (see `CODE_EXTENSIONS`), the 1-based line range and the
 * first declaration line of the chunk (comments, annotations and imports passed over), e.g.
 * `src/client.ts (TypeScript) L12–L48 > export class DashScope`; its `text` is the source lines verbatim.
 *
 * @param file path relative to the indexed folder, `/`-separated; its extension names the language unless
 *   `options.language` does.
 * @returns chunks in file order (none for a blank file); `tokens` is the measured size of each `embedText`.
 */
export async function chunkCode(file: string, code: string, options: ChunkOptions & { language?: string | undefined }): Promise<DocChunk[]> {
  const { countTokens, maxTokens = 500, minTokens = 300 } = options;
  const language = options.language ?? codeLanguageOf(file);
  const syntax = (language && CODE_SYNTAX[language]) || ANY_SYNTAX;
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  const counts = await countTokens(lines);
  const prefix = [0];
  for (const [index] of lines.entries()) prefix.push((prefix[index] ?? 0) + (counts[index] ?? 0) + 1);
  const sum = (start: number, end: number): number => (prefix[end] ?? 0) - (prefix[start] ?? 0);

  const topLevel = splitAtBlankLines(lines, 0, lines.length, (line) => /^\S/.test(line) && !/^[)}\]]/.test(line));
  const spans: Span[] = [];
  for (const [start, end] of topLevel) {
    const named = declarationOf(lines.slice(start, end), syntax);
    const tokens = sum(start, end);
    if (tokens <= maxTokens) {
      spans.push({ start, end, tokens, ...named });
      continue;
    }
    const pieces: Span[] = [];
    for (const [innerStart, innerEnd] of splitAtBlankLines(lines, start, end, () => true)) {
      let from = innerStart;
      for (let index = innerStart; index < innerEnd; index++) {
        if (index > from && sum(from, index + 1) > maxTokens) {
          pieces.push({ start: from, end: index, tokens: sum(from, index), ...named });
          from = index;
        }
      }
      pieces.push({ start: from, end: innerEnd, tokens: sum(from, innerEnd), ...named });
    }
    let current: Span | undefined;
    for (const piece of pieces) {
      if (current && current.tokens + piece.tokens <= maxTokens) {
        current.end = piece.end;
        current.tokens += piece.tokens;
      } else {
        current = { ...piece };
        spans.push(current);
      }
    }
  }

  const drafts: Span[] = [];
  for (const span of spans) {
    const draft = drafts[drafts.length - 1];
    const small = draft !== undefined && (draft.tokens < minTokens || span.tokens < minTokens / 3);
    if (draft && small && draft.tokens + span.tokens <= maxTokens) {
      draft.end = span.end;
      draft.tokens += span.tokens;
      if (draft.importsOnly && !span.importsOnly) Object.assign(draft, { declaration: span.declaration, importsOnly: false });
    } else drafts.push({ ...span });
  }

  const label = language ? `${file} (${language})` : file;
  const chunks: DocChunk[] = [];
  for (const draft of drafts) {
    const body = lines.slice(draft.start, draft.end);
    const texts = draft.tokens > maxTokens ? sliceLongLine(body.join('\n'), Math.ceil(draft.tokens / maxTokens)) : [body.join('\n')];
    const range = draft.end - draft.start === 1 ? `L${draft.start + 1}` : `L${draft.start + 1}–L${draft.end}`;
    const heading = `${label} ${range} > ${draft.declaration}`;
    for (const text of texts) chunks.push({ file, heading, ordinal: chunks.length, text, embedText: `${heading}\n\n${text}`, tokens: 0 });
  }
  const sizes = await countTokens(chunks.map((chunk) => chunk.embedText));
  chunks.forEach((chunk, index) => (chunk.tokens = sizes[index] ?? 0));
  return chunks;
}

function sliceLongLine(text: string, parts: number): string[] {
  const size = Math.ceil(text.length / parts);
  const slices: string[] = [];
  for (let start = 0; start < text.length; start += size) slices.push(text.slice(start, start + size));
  return slices;
}
