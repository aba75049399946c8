import { describe, expect, it } from 'vitest';
import { formatSourcesText } from './format-sources-text.js';

const sources = [
  { n: 1, file: 'publish.md', heading: 'Publishing', text: 'Run npm publish.', relevance_score: 0.9, cosine: 0.5, cited: false },
  { n: 2, file: 'ci.md', heading: 'npm ci', text: 'npm ci installs.', relevance_score: 0.4, cosine: 0.3, cited: true },
];

describe('formatSourcesText', () => {
  it('lists every source when the answer cites none, and nothing without sources', () => {
    expect(formatSourcesText({ sources: sources.map((source) => ({ ...source, cited: false })), citations: [] })).toBe('\n\nSources:\n[1] publish.md — Publishing\n[2] ci.md — npm ci\n');
    expect(formatSourcesText({ sources: [], citations: [] })).toBe('');
  });

  it('lists only the cited sources', () => {
    expect(formatSourcesText({ sources, citations: [2] })).toBe('\n\nSources:\n[2] ci.md — npm ci\n');
  });
});
