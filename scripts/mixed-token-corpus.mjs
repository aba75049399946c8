// A deterministic mixed corpus for token-count tests and benches: chunks of the README/CHANGELOG files under
// node_modules (English prose, Markdown, code, some CJK) and of @types/node declarations (TypeScript code and doc comments) plus generated Chinese, Japanese, Korean,
// emoji, digits, whitespace, decomposed accents and special-token strings. Used by
// src/tokenizer/qwen-bpe.test.ts and bench/token-count.mjs.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../node_modules/', import.meta.url));

function files(directory, pattern, depth, out) {
  let names;
  try {
    names = readdirSync(directory).sort();
  } catch {
    return out;
  }
  for (const name of names) {
    const path = join(directory, name);
    if (pattern.test(name)) {
      out.push(path);
      continue;
    }
    if (depth > 0 && !name.startsWith('.') && statSync(path, { throwIfNoEntry: false })?.isDirectory()) {
      files(path, pattern, name === 'node_modules' || name.startsWith('@') ? depth : depth - 1, out);
    }
  }
  return out;
}

function seeded(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = [
  '通义千问', '阿里云', '大规模', '语言模型', '代码改变世界', '的', '是', '我们', '，', '。', '！', '？', '“引号”',
  'こんにちは', 'カタカナ', '日本語のテキスト', '안녕하세요', '한국어', ' Qwen', ' token', ' DashScope', ' API',
  '😀', '🚀', '👍🏽', '👨‍👩‍👧‍👦', '🇨🇳', '🇺🇸', '❤️', '✅', '🧪', '𠀀𠀁', '𝔘𝔫𝔦', ' 123', '4567890', '3.14159', ' ',
  '  ', '\n', '\n\n', '\t', '\r\n', 'e\u0301', 'Cafe\u0301', 'ñ', 'n\u0303', "'s", "'LL", "'Re", ' <|im_end|>',
  '<|im_start|>user\n', '<think>', '</think>', '<tool_call>', '<|endoftext|>', '<|fim_prefix|>', '<|unknown|>',
  ' const x = () => {};', ' if (a < b) return;', ' <div class="x">', ' ////', ' ====', '    ', '\u00a0', '\u3000',
  ' Привет мир', ' مرحبا', ' नमस्ते', ' ελληνικά', ' ÀÉÎÕÜ', '\ud800', ' base64:QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVo=',
];

/**
 * @returns {{ markdown: string[], code: string[], generated: string[] }} Markdown chunks (paragraphs
 *   joined to ≥ 80 characters, at most 6,000), code chunks from @types/node (lines joined to ≥ 300
 *   characters, 4,000) and 3,000 generated texts (1–40 random words, CJK runs, emoji, code points).
 */
export function mixedTokenCorpusParts() {
  const chunked = (paths, separator, joiner, minimum, limit) => {
    const texts = [];
    for (const path of paths) {
      let chunk = '';
      for (const paragraph of readFileSync(path, 'utf8').split(separator)) {
        chunk = chunk === '' ? paragraph : `${chunk}${joiner}${paragraph}`;
        if (chunk.length < minimum) continue;
        texts.push(chunk);
        chunk = '';
        if (texts.length >= limit) return texts;
      }
      if (chunk !== '') texts.push(chunk);
      if (texts.length >= limit) return texts;
    }
    return texts;
  };
  const markdown = chunked(files(root, /\.(md|markdown)$/i, 3, []), /\n\s*\n/, '\n\n', 80, 6_000);
  const code = chunked(files(`${root}@types/node/`, /\.d\.ts$/, 1, []), '\n', '\n', 300, 4_000);
  const generated = [];
  const random = seeded(20261203);
  for (let i = 0; i < 3_000; i++) {
    let text = '';
    const parts = 1 + Math.floor(random() * 40);
    for (let p = 0; p < parts; p++) {
      const roll = random();
      if (roll < 0.6) text += WORDS[Math.floor(random() * WORDS.length)];
      else if (roll < 0.8) {
        const length = 1 + Math.floor(random() * 12);
        for (let c = 0; c < length; c++) text += String.fromCodePoint(0x4e00 + Math.floor(random() * 0x5200));
      } else if (roll < 0.9) text += String.fromCodePoint(0x1f300 + Math.floor(random() * 0x300));
      else text += String.fromCodePoint(0x20 + Math.floor(random() * 0x2fe0));
    }
    generated.push(text);
  }
  return { markdown, code, generated };
}

/** @returns {string[]} the texts of {@link mixedTokenCorpusParts}, Markdown, code, then generated. */
export function mixedTokenCorpus() {
  const { markdown, code, generated } = mixedTokenCorpusParts();
  return [...markdown, ...code, ...generated];
}
