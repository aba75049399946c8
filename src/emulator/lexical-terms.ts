const TERM_PATTERN =
  /[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]+|(?:(?![\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}])[\p{L}\p{N}\p{M}])+/gu;
const CJK_RUN = /^[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}\p{sc=Hangul}]/u;

function stem(word: string): string {
  if (word.length > 4 && word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss') && !word.endsWith('us')) return word.slice(0, -1);
  return word;
}

/**
 * Splits text into the lexical terms the emulator's local models (embedding, rerank, chat) work on.
 *
 * The text is NFKC-normalised and lower-cased. Runs of letters and digits become words, with a light
 * plural stem (`models` → `model`, `queries` → `query`). Runs of Chinese, Japanese or Korean characters,
 * which have no spaces, become every single character plus every adjacent pair (`排序模型` →
 * `排 序 模 型 排序 序模 模型`), so overlapping phrases share terms. Punctuation and whitespace are dropped.
 * These are lexical features, not Qwen tokens: usage is always counted with the Qwen tokenizer.
 *
 * @returns terms in text order, with repeats.
 */
export function lexicalTerms(text: string): string[] {
  const terms: string[] = [];
  for (const match of text.normalize('NFKC').toLowerCase().matchAll(TERM_PATTERN)) {
    const run = match[0];
    if (!CJK_RUN.test(run)) {
      terms.push(stem(run));
      continue;
    }
    const characters = Array.from(run);
    for (let index = 0; index < characters.length; index++) {
      terms.push(characters[index] as string);
      if (index + 1 < characters.length) terms.push(`${characters[index]}${characters[index + 1]}`);
    }
  }
  return terms;
}
