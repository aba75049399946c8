import { describe, expect, it } from 'vitest';
import { chunkMarkdown } from './chunk-markdown.js';

const countWords = (texts: string[]): Promise<number[]> =>
  Promise.resolve(texts.map((text) => (text.trim() === '' ? 0 : text.trim().split(/\s+/).length)));

function words(count: number, word: string): string {
  return Array.from({ length: count }, (_, index) => `${word}${index}`).join(' ');
}

describe('chunkMarkdown', () => {
  it('names chunks by the front-matter title and heading path and strips the front-matter', async () => {
    const chunks = await chunkMarkdown('commands/npm-install.md', '---\ntitle: npm-install\n---\n\n### Description\n\nInstalls a package.', {
      countTokens: countWords,
    });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]).toMatchObject({ file: 'commands/npm-install.md', heading: 'npm-install > Description', ordinal: 0, text: 'Installs a package.' });
    expect(chunks[0]?.embedText).toBe('npm-install > Description\n\nInstalls a package.');
    expect(chunks[0]?.text).not.toContain('title:');
  });

  it('falls back to the first level-one heading, then to the file name, for the title', async () => {
    const fromHeading = await chunkMarkdown('a.md', '# Guide\n\n## Setup\n\nRun it.', { countTokens: countWords });
    const fromName = await chunkMarkdown('notes/readme.txt', 'Plain text only.', { countTokens: countWords });
    expect(fromHeading[0]?.heading).toBe('Guide > Setup');
    expect(fromName[0]?.heading).toBe('readme');
  });

  it('merges small sections into one chunk and keeps their heading lines in the text', async () => {
    const chunks = await chunkMarkdown('a.md', '### One\n\nfirst part\n\n### Two\n\nsecond part', { countTokens: countWords });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.heading).toBe('a > One');
    expect(chunks[0]?.text).toBe('first part\n\n### Two\n\nsecond part');
  });

  it('starts a new chunk at a heading once the current chunk is big enough', async () => {
    const markdown = `### One\n\n${words(60, 'a')}\n\n### Two\n\n${words(60, 'b')}`;
    const chunks = await chunkMarkdown('a.md', markdown, { countTokens: countWords, maxTokens: 100, minTokens: 50 });
    expect(chunks.map((chunk) => chunk.heading)).toEqual(['a > One', 'a > Two']);
    expect(chunks[1]?.text).not.toContain('a0');
  });

  it('joins a tiny trailing section to the chunk before it', async () => {
    const markdown = `### Long\n\n${words(60, 'a')}\n\n### See Also\n\n[npm ci](/commands/npm-ci)`;
    const chunks = await chunkMarkdown('a.md', markdown, { countTokens: countWords, maxTokens: 100, minTokens: 30 });
    expect(chunks).toHaveLength(1);
    expect(chunks[0]?.text).toContain('### See Also');
  });

  it('splits a long section into chunks under the limit that overlap a little', async () => {
    const paragraphs = Array.from({ length: 6 }, (_, index) => `${words(30, `p${index}w`)}.`).join('\n\n');
    const chunks = await chunkMarkdown('a.md', `### Long\n\n${paragraphs}`, { countTokens: countWords, maxTokens: 80, minTokens: 40, overlapTokens: 35 });
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) expect(chunk.tokens).toBeLessThanOrEqual(80 + 40);
    expect(chunks.every((chunk) => chunk.heading === 'a > Long')).toBe(true);
    expect(chunks[1]?.text.startsWith('p1w0')).toBe(true);
    expect(chunks[0]?.text).toContain('p1w0');
  });

  it('cuts a block longer than the limit at line breaks', async () => {
    const code = ['```', ...Array.from({ length: 40 }, (_, index) => `line ${index} of code`), '```'].join('\n');
    const chunks = await chunkMarkdown('a.md', `### Code\n\n${code}`, { countTokens: countWords, maxTokens: 50, minTokens: 10, overlapTokens: 0 });
    expect(chunks.length).toBeGreaterThan(3);
    expect(chunks.map((chunk) => chunk.text).join('\n')).toContain('line 39 of code');
  });

  it('counts each chunk with the given counter', async () => {
    const chunks = await chunkMarkdown('a.md', '### T\n\none two three', { countTokens: countWords });
    expect(chunks[0]?.tokens).toBe(countWordsSync('a > T\n\none two three'));
  });
});

function countWordsSync(text: string): number {
  return text.trim().split(/\s+/).length;
}
