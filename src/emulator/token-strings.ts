import { encodeTokens, truncateToTokens } from '../tokenizer/index.js';
import { qwenPretokens } from './qwen-pretokens.js';

/**
 * Qwen token ids of a text together with the text of each token, as the legacy tokenizer endpoint
 * returns them (`"代码改变世界"` → `[46100, 101933, 99489]`, `["代码", "改变", "世界"]`). Works piece by
 * piece ({@link qwenPretokens}); a token that holds only part of a multi-byte character (rare CJK,
 * emoji) gets an empty text and the next token the whole character, so the texts always join up.
 */
export async function tokenStrings(text: string): Promise<{ ids: number[]; tokens: string[] }> {
  const ids: number[] = [];
  const tokens: string[] = [];
  for (const piece of qwenPretokens(text)) {
    const pieceIds = await encodeTokens(piece);
    ids.push(...pieceIds);
    if (pieceIds.length === 1) {
      tokens.push(piece);
      continue;
    }
    let previous = '';
    for (let count = 1; count <= pieceIds.length; count++) {
      const prefix = count === pieceIds.length ? piece : (await truncateToTokens(piece, count)).text;
      tokens.push(prefix.startsWith(previous) ? prefix.slice(previous.length) : prefix);
      previous = prefix;
    }
  }
  return { ids, tokens };
}
