/** UTF-8 length of a string in bytes, without encoding it (lone surrogates count 3, as TextEncoder writes U+FFFD). */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/**
 * An upper bound of the Qwen token count of `text` that needs no tokenizer: the tokenizer encodes the NFC
 * form, and every byte-level BPE token covers at least one of its UTF-8 bytes, so the NFC form's UTF-8
 * length bounds the count (exact for pure ASCII digits and punctuation, about 4× for English prose).
 */
export function tokenUpperBound(text: string): number {
  return utf8Length(text.normalize('NFC'));
}

/**
 * Whether `text` could have more than `maxTokens` Qwen tokens, decided without the tokenizer where
 * possible: NFC grows a string at most 3× and a UTF-16 unit is at most 3 bytes, so a text of at most
 * `maxTokens / 9` units cannot exceed the limit; longer ones are checked with {@link tokenUpperBound}.
 * `true` means "count it", not "it is over".
 */
export function mayExceedTokens(text: string, maxTokens: number): boolean {
  return text.length * 9 > maxTokens && tokenUpperBound(text) > maxTokens;
}
