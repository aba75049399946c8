/**
 * One retrievable piece of a document: a run of whole Markdown blocks under one heading path, or of
 * whole top-level code blocks (`chunkCode`: the heading is path, language, lines and declaration).
 * `text` is what a reader sees and what the answer quotes; `embedText` (heading path + text) is what
 * gets embedded, so a chunk is found by its headings as well as by its words.
 */
export interface DocChunk {
  /** File path relative to the indexed folder, with `/` separators, e.g. `commands/npm-install.md`. */
  file: string;
  /** Heading path joined with ` > `, e.g. `npm-install > Description` or `src/client.ts (TypeScript) L12–L48 > export class DashScope`. */
  heading: string;
  /** Position of the chunk in its file, from 0. */
  ordinal: number;
  /** Chunk body without the heading path. */
  text: string;
  /** Text sent to the embedding model: `heading + "\n\n" + text`. */
  embedText: string;
  /** Tokens of `embedText` as measured by the pipeline's {@link TokenCounter} (Qwen BPE in the CLI). */
  tokens: number;
}
