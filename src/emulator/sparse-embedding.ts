import type { SparseEntry } from '../wire/embeddings.js';
import { isStopword } from './is-stopword.js';
import { tokenStrings } from './token-strings.js';

/**
 * The emulator's lexical sparse vector for `output_type` `sparse` / `dense&sparse`: one entry per
 * distinct Qwen token text containing a letter or digit (case and leading space ignored, so `wind`
 * and ` Wind` are one entry), `index` = the vocabulary id of its first occurrence, `token` = its text
 * (trimmed), `value` = `1 + ln(count)` (stopwords × 0.3) divided by the largest weight and rounded to
 * four decimals, sorted by `index`. Deterministic, like {@link lexicalEmbedding}; not a learned model.
 */
export async function sparseEmbedding(text: string): Promise<SparseEntry[]> {
  const { ids, tokens } = await tokenStrings(text);
  const counts = new Map<string, { index: number; token: string; count: number }>();
  ids.forEach((id, position) => {
    const token = (tokens[position] ?? '').trim();
    if (!/[\p{L}\p{N}]/u.test(token)) return;
    const key = token.toLowerCase();
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { index: id, token, count: 1 });
  });
  const weighted = [...counts.values()].map(({ index, token, count }) => ({
    index,
    token,
    weight: (1 + Math.log(count)) * (isStopword(token.toLowerCase()) ? 0.3 : 1),
  }));
  const largest = Math.max(...weighted.map((entry) => entry.weight), 0);
  return weighted
    .sort((left, right) => left.index - right.index)
    .map(({ index, token, weight }) => ({ index, value: Math.round((weight / largest) * 10_000) / 10_000, token }));
}
