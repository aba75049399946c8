import { describe, expect, it } from 'vitest';
import { GROUNDED_SYSTEM_PROMPT, groundedMessages, promptText } from './grounded-messages.js';

describe('groundedMessages', () => {
  it('lists where each passage comes from, then each passage under its [n] label, then the question', () => {
    const messages = groundedMessages('How?', [
      { rank: 1, file: 'a.md', heading: 'a > One', ordinal: 0, text: 'first\n\nsecond', cosine: 0.5, sparse_score: null, rrf_score: null, retrieval_rank: 1, relevance_score: 0.9 },
      { rank: 2, file: 'b.md', heading: 'b', ordinal: 3, text: 'third', cosine: 0.4, sparse_score: null, rrf_score: null, retrieval_rank: 2, relevance_score: 0.8 },
    ]);
    expect(messages[0]).toEqual({ role: 'system', content: GROUNDED_SYSTEM_PROMPT });
    expect(messages[1]?.content).toBe(
      'Where each passage comes from (number: file — section):\n1: a.md — a > One\n2: b.md — b\n\nPassages:\n\n[1]\nfirst\nsecond\n\n[2]\nthird\n\nQuestion: How?',
    );
  });
});

describe('promptText', () => {
  it('keeps link text, drops bullets, heading marks and bold, and collapses blank lines', () => {
    expect(promptText('### Usage\n\n* See [npm ci](/commands/npm-ci) for **clean** installs.\n\n1. Run it')).toBe(
      'Usage:\nSee npm ci for clean installs.\nRun it',
    );
  });
});
