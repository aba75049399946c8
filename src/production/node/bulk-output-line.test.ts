import { describe, expect, it } from 'vitest';
import { formatBulkOutputLine, isBulkFailureLine, parseBulkOutputLine } from './bulk-output-line.js';

describe('formatBulkOutputLine', () => {
  it('writes a vector line that parses back to the same numbers bit for bit', () => {
    const embedding = [0.1 + 0.2, -1e-300, Math.fround(0.3), 5e-324];
    const text = formatBulkOutputLine(3, 'doc-3', { text_index: 0, embedding: { embedding }, truncated: true, cached: false });
    expect(text).toBe(`{"line":3,"id":"doc-3","embedding":${JSON.stringify(embedding)},"truncated":true}\n`);
    const parsed = parseBulkOutputLine(text.trimEnd());
    expect(parsed).toEqual({ line: 3, input: { known: { embedding, truncated: true } } });
    const known = parsed?.input && 'known' in parsed.input ? parsed.input.known.embedding! : [];
    expect(new Float64Array(known)).toEqual(new Float64Array(embedding));
  });

  it('writes failures with error right after line so they are recognised by prefix', () => {
    const text = formatBulkOutputLine(12, 7, { text_index: 0, failure: { text_index: 0, reason: 'too_long', message: 'x'.repeat(5_000) } });
    expect(isBulkFailureLine(text, 12)).toBe(true);
    expect(isBulkFailureLine(text, 1)).toBe(false);
    expect(text.length).toBeLessThan(1_100);
    expect(parseBulkOutputLine(text)).toMatchObject({ line: 12, reason: 'too_long', input: { failed: { reason: 'too_long' } } });
  });

  it('does not take a torn or foreign line for a result', () => {
    expect(parseBulkOutputLine('{"line":4,"embedding":[0.1,0.')).toBeUndefined();
    expect(parseBulkOutputLine('{"line":0,"embedding":[1]}')).toBeUndefined();
    expect(parseBulkOutputLine('{"line":4}')).toBeUndefined();
  });
});
