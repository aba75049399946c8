import { describe, expect, it } from 'vitest';
import { encodeTokens } from '../tokenizer/index.js';
import { sparseEmbedding } from './sparse-embedding.js';

describe('sparseEmbedding', () => {
  it('gives one entry per distinct word token with its Qwen id, sorted by id, weights in (0, 1]', async () => {
    const entries = await sparseEmbedding('wind and sorrow, wind again!');
    expect(entries.map((entry) => entry.index)).toEqual([...entries.map((entry) => entry.index)].sort((left, right) => left - right));
    expect(entries.map((entry) => entry.token).sort()).toEqual(['again', 'and', 'sorrow', 'wind']);
    for (const entry of entries) {
      expect(entry.value).toBeGreaterThan(0);
      expect(entry.value).toBeLessThanOrEqual(1);
    }
    const [first] = await encodeTokens('wind');
    expect(entries.find((entry) => entry.index === first)?.token).toBe('wind');
  });

  it('weighs repeated words above single ones and stopwords below them', async () => {
    const entries = await sparseEmbedding('water water stone and');
    const value = (token: string) => entries.find((entry) => entry.token === token)?.value ?? 0;
    expect(value('water')).toBe(1);
    expect(value('stone')).toBeLessThan(value('water'));
    expect(value('and')).toBeLessThan(value('stone'));
  });

  it('gives a word the same index in every text, whatever its case or neighbours, so a query matches documents', async () => {
    const query = await sparseEmbedding('Does npm ci need a proxy?');
    const doc = await sparseEmbedding('the https-proxy option; npm does not');
    const index = (entries: typeof query, token: string) => entries.find((entry) => (entry.token ?? '').toLowerCase().replace(/[^a-z]/g, '') === token)?.index;
    expect(index(query, 'proxy')).toBe(index(doc, 'proxy'));
    expect(index(query, 'does')).toBe(index(doc, 'does'));
    expect(new Set(doc.map((entry) => entry.index)).size).toBe(doc.length);
  });
});
