import { QWEN_PRETOKEN_PATTERN } from '../tokenizer/qwen-bpe.js';

/**
 * Splits NFC-normalised text with the Qwen BPE pre-tokenizer pattern (the split regex of
 * `qwen.tiktoken` / Qwen2-3 `tokenizer.json`, see the protocol reference §8). BPE merges never cross
 * these pieces, so the token count of a text is the sum of its pieces' counts: the emulator uses that
 * to stream answers in token-exact chunks and to cut them at `max_tokens` without re-encoding.
 *
 * @returns pieces whose concatenation is the NFC form of `text`.
 */
export function qwenPretokens(text: string): string[] {
  return text.normalize('NFC').match(QWEN_PRETOKEN_PATTERN) ?? [];
}
