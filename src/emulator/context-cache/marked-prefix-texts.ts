/** A chat message as either protocol sends it: content a string or an array of parts. */
interface MessageLike {
  content?: unknown;
}

/**
 * The texts of every content block up to and including the last one marked with `cache_control`
 * (compatible `{type:'text', text, cache_control}` or native `{text, cache_control}` parts), in order:
 * the prefix the explicit context cache keys on. String contents are one unmarked block each.
 *
 * @returns `undefined` when no block is marked (the request does not use the explicit cache).
 */
export function markedPrefixTexts(messages: readonly MessageLike[] | undefined): string[] | undefined {
  const texts: string[] = [];
  let end = -1;
  for (const message of messages ?? []) {
    const content = message.content;
    if (typeof content === 'string') {
      texts.push(content);
      continue;
    }
    if (!Array.isArray(content)) continue;
    for (const part of content as Record<string, unknown>[]) {
      texts.push(typeof part['text'] === 'string' ? part['text'] : JSON.stringify(part));
      if (part['cache_control'] !== undefined) end = texts.length;
    }
  }
  return end < 0 ? undefined : texts.slice(0, end);
}
