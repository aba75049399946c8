import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { countTokens } from '../../tokenizer/count-tokens.js';
import { estimateBulkEmbedCost } from './estimate-bulk-embed-cost.js';

const directory = mkdtempSync(join(tmpdir(), 'dsk-cost-'));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

describe('estimateBulkEmbedCost', () => {
  it('counts lines, texts, skipped lines, tokens and requests of a JSONL file and prices them', async () => {
    const file = join(directory, 'in.jsonl');
    const texts = Array.from({ length: 23 }, (_, index) => `npm install package number ${index}`);
    writeFileSync(file, `${texts.map((text) => JSON.stringify({ text })).join('\n')}\n{"text":""}\nnot json\n`);
    const estimate = await estimateBulkEmbedCost({ input: file, model: 'text-embedding-v4', region: 'singapore' });
    const tokens = (await Promise.all(texts.map((text) => countTokens(text)))).reduce((sum, count) => sum + count, 0);
    expect(estimate).toMatchObject({ lines: 25, texts: 23, skipped: 2, tokens, requests: 3 });
    expect(estimate.cost.priced).toBe(true);
    if (estimate.cost.priced) {
      expect(estimate.cost.currency).toBe('USD');
      expect(estimate.cost.amount).toBeCloseTo((tokens * 0.07) / 1_000_000, 12);
    }
  });

  it('says there is no price where the catalog has none', async () => {
    const file = join(directory, 'in.txt');
    writeFileSync(file, 'one\ntwo\n');
    const estimate = await estimateBulkEmbedCost({ input: file, model: 'text-embedding-v2', region: 'singapore' });
    expect(estimate.texts).toBe(2);
    expect(estimate.cost.priced).toBe(false);
  });
});
