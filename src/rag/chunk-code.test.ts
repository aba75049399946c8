import { describe, expect, it } from 'vitest';
import { chunkCode } from './chunk-code.js';

const countWords = (texts: string[]): Promise<number[]> =>
  Promise.resolve(texts.map((text) => (text.trim() === '' ? 0 : text.trim().split(/\s+/).length)));

const client = `import { readFile } from 'node:fs/promises';
import type { Options } from './options.js';

/** Default request timeout in ms. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/**
 * The DashScope client.
 */
export class DashScope {
  private readonly apiKey: string;

  constructor(options: Options) {
    this.apiKey = options.apiKey;
  }

  async embed(input: string[]): Promise<number[][]> {
    return input.map(() => []);
  }
}

export async function loadConfig(path: string): Promise<Options> {
  const text = await readFile(path, 'utf8');

  return JSON.parse(text) as Options;
}
`;

const tokenizer = `"""Qwen token counting."""
import json
from pathlib import Path

VOCAB_FILE = Path(__file__).with_name("vocab.json")


@lru_cache(maxsize=1)
def load_vocabulary(path: Path = VOCAB_FILE) -> dict[str, int]:
    """Reads the BPE vocabulary once."""
    with path.open() as handle:

        return json.load(handle)


class Tokenizer:
    def __init__(self, vocab: dict[str, int]):
        self.vocab = vocab

    def count(self, text: str) -> int:
        return len(text.split())
`;

describe('chunkCode', () => {
  it('cuts TypeScript at top-level declarations, naming each chunk by path, language, lines and declaration', async () => {
    const chunks = await chunkCode('src/client.ts', client, { countTokens: countWords, maxTokens: 60, minTokens: 20 });
    expect(chunks.map((chunk) => chunk.heading)).toEqual([
      'src/client.ts (TypeScript) L1–L5 > export const DEFAULT_TIMEOUT_MS = 60_000;',
      'src/client.ts (TypeScript) L7–L20 > export class DashScope',
      'src/client.ts (TypeScript) L22–L26 > export async function loadConfig(path: string): Promise<Options>',
    ]);
    expect(chunks[1]?.text).toBe(client.split('\n').slice(6, 20).join('\n'));
    expect(chunks[2]?.embedText).toBe(`${chunks[2]?.heading}\n\n${chunks[2]?.text}`);
    expect(chunks.map((chunk) => chunk.ordinal)).toEqual([0, 1, 2]);
    expect(chunks.every((chunk) => chunk.file === 'src/client.ts')).toBe(true);
  });

  it('cuts Python at top-level defs and classes, keeping decorators, docstrings and inner blank lines with them', async () => {
    const chunks = await chunkCode('tokenizer/count.py', tokenizer, { countTokens: countWords, maxTokens: 40, minTokens: 3 });
    expect(chunks.map((chunk) => chunk.heading)).toEqual([
      'tokenizer/count.py (Python) L1–L3 > import json',
      'tokenizer/count.py (Python) L5 > VOCAB_FILE = Path(__file__).with_name("vocab.json")',
      'tokenizer/count.py (Python) L8–L13 > def load_vocabulary(path: Path = VOCAB_FILE) -> dict[str, int]',
      'tokenizer/count.py (Python) L16–L21 > class Tokenizer',
    ]);
    expect(chunks[2]?.text.startsWith('@lru_cache(maxsize=1)\ndef load_vocabulary')).toBe(true);
    expect(chunks[2]?.text).toContain('\n\n        return json.load(handle)');
  });

  it('packs small declarations into one chunk under the budget', async () => {
    const chunks = await chunkCode('src/client.ts', client, { countTokens: countWords });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.heading).toBe('src/client.ts (TypeScript) L1–L26 > export const DEFAULT_TIMEOUT_MS = 60_000;');
    expect(chunks[0]?.text).toBe(client.trimEnd());
  });

  it('cuts a declaration over the budget at its inner blank lines, then at line breaks, each piece under the budget and named by the declaration', async () => {
    const methods = Array.from({ length: 12 }, (_, index) => `  method${index}(value: number): number {\n    return value + ${index};\n  }`).join('\n\n');
    const long = `export class Registry {\n${methods}\n}\n`;
    const chunks = await chunkCode('src/registry.ts', long, { countTokens: countWords, maxTokens: 30, minTokens: 10 });
    expect(chunks.length).toBeGreaterThan(3);
    for (const chunk of chunks) {
      expect(chunk.heading).toMatch(/^src\/registry\.ts \(TypeScript\) L\d+–L\d+ > export class Registry$/);
      expect(chunk.tokens - (chunk.heading.split(' ').length)).toBeLessThanOrEqual(30);
    }
    expect(chunks.map((chunk) => chunk.text).join('\n\n')).toBe(long.trimEnd());
    const body = Array.from({ length: 50 }, (_, index) => `  total += ${index};`).join('\n');
    const cut = await chunkCode('sum.js', `function sum() {\n${body}\n}`, { countTokens: countWords, maxTokens: 40, minTokens: 10 });
    expect(cut.length).toBeGreaterThan(3);
    expect(cut.map((chunk) => chunk.text).join('\n')).toContain('total += 49;');
  });

  it('names a chunk by its imports only when it holds nothing else, uses the given language, and returns nothing for a blank file', async () => {
    const imports = await chunkCode('lib/mod.rs', 'use std::io;\nuse std::fs;\n', { countTokens: countWords });
    expect(imports[0]?.heading).toBe('lib/mod.rs (Rust) L1–L2 > use std::io;');
    const given = await chunkCode('scripts/deploy', '#!/bin/sh\nset -e\nrsync -a dist/ host:/srv\n', { countTokens: countWords, language: 'Shell' });
    expect(given[0]?.heading).toBe('scripts/deploy (Shell) L1–L3 > rsync -a dist/ host:/srv');
    expect(await chunkCode('empty.go', '\n\n', { countTokens: countWords })).toEqual([]);
  });
});
