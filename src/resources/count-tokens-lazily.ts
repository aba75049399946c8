/**
 * Exact Qwen token counts of `texts` for the SDK's own limit checks, loading the tokenizer
 * (`dashscope-kit/tokenizer`, a dynamic import: ≈ 70 ms and ≈ 33 MB once per process) only when a
 * text is long enough to matter. Resolves to `undefined` when the tokenizer cannot be loaded (a bundle
 * that left out `assets/qwen-ranks.bin`): the check is then left to the server.
 *
 * @param texts strings already checked to be strings.
 * @returns one count per text (tokens), or `undefined` without a tokenizer.
 */
export async function countTokensLazily(texts: string[]): Promise<number[] | undefined> {
  let countTokensBatch: (texts: string[]) => Promise<number[]>;
  try {
    ({ countTokensBatch } = await import('../tokenizer/count-tokens.js'));
    return await countTokensBatch(texts);
  } catch {
    return undefined;
  }
}
