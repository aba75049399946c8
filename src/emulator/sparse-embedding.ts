import type { SparseEntry } from '../wire/embeddings.js';
import { encodeTokens } from '../tokenizer/index.js';
import { isStopword } from './is-stopword.js';
import { tokenStrings } from './token-strings.js';

/**
 * The emulator's lexical sparse vector for `output_type` `sparse` / `dense&sparse`: one entry per
 * distinct Qwen token text containing a letter or digit (case, spaces and punctuation ignored, so `wind`,
 * ` Wind` and `-wind` are one entry), `index` = the vocabulary id of that lowercased text when it is one Qwen
 * token, else 200,000 + its FNV-1a hash mod 1,000,000 (so the same word has the same index in every text,
 * query or document, whatever its case, spacing or neighbours), `token` = its text (trimmed), `value` = `1 + ln(count)` (stopwords × 0.3) divided by the largest weight and rounded to
 * four decimals, sorted by `index`. Deterministic, like {@link lexicalEmbedding}; not a learned model.
 */
export async function sparseEmbedding(text: string): Promise<SparseEntry[]> {
  const { ids, tokens } = await tokenStrings(text);
  const counts = new Map<string, { index: number; token: string; count: number }>();
  ids.forEach((_, position) => {
    const token = (tokens[position] ?? '').trim();
    if (!/[\p{L}\p{N}]/u.test(token)) return;
    const key = token.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
    const entry = counts.get(key);
    if (entry) entry.count++;
    else counts.set(key, { index: 0, token, count: 1 });
  });
  for (const [key, entry] of counts) entry.index = await canonicalIndex(key);
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

const canonical = new Map<string, number>();
const CANONICAL_CACHE = 50_000;

async function canonicalIndex(key: string): Promise<number> {
  const known = canonical.get(key);
  if (known !== undefined) return known;
  const ids = await encodeTokens(key);
  let index: number;
  if (ids.length === 1) index = ids[0] as number;
  else {
    let hash = 0x811c9dc5;
    for (const unit of key) hash = Math.imul(hash ^ (unit.codePointAt(0) as number), 0x01000193) >>> 0;
    index = 200_000 + (hash % 1_000_000);
  }
  if (canonical.size >= CANONICAL_CACHE) canonical.clear();
  canonical.set(key, index);
  return index;
}
