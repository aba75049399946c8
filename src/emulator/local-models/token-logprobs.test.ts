import { describe, expect, it } from 'vitest';
import { tokenLogprobs } from './token-logprobs.js';

describe('tokenLogprobs', () => {
  it('gives the same numbers for the same answer and covers its text token by token', async () => {
    const first = await tokenLogprobs(['npm publish uploads', ' a package.'], 2);
    expect(await tokenLogprobs(['npm publish uploads', ' a package.'], 2)).toEqual(first);
    expect(first.map((list) => list.map((entry) => entry.token).join(''))).toEqual(['npm publish uploads', ' a package.']);
  });

  it('fills five alternatives even for a one-token answer, each less likely than the last', async () => {
    const [[entry] = []] = await tokenLogprobs(['2'], 5);
    expect(entry?.top_logprobs.map((alternative) => alternative.token)[0]).toBe('2');
    expect(entry?.top_logprobs).toHaveLength(5);
    const values = entry?.top_logprobs.map((alternative) => alternative.logprob) ?? [];
    for (let index = 1; index < values.length; index++) expect(values[index]).toBeLessThan(values[index - 1] ?? 0);
  });

  it('sends no alternatives when top_logprobs is 0', async () => {
    const [[entry] = []] = await tokenLogprobs(['Hello'], 0);
    expect(entry).toMatchObject({ token: 'Hello', top_logprobs: [] });
    expect(entry?.logprob).toBeLessThanOrEqual(0);
    expect(entry?.logprob).toBeGreaterThan(Math.log(0.5));
  });
});
