import { describe, expect, it } from 'vitest';
import { GROUNDED_SYSTEM_PROMPT, groundedMessages } from './grounded-messages.js';

describe('groundedMessages', () => {
  it('labels each hit with its rank, file and heading and keeps each passage one block', () => {
    const messages = groundedMessages('How?', [
      { rank: 1, file: 'a.md', heading: 'a > One', ordinal: 0, text: 'first\n\nsecond', cosine: 0.5, relevance_score: 0.9 },
      { rank: 2, file: 'b.md', heading: 'b', ordinal: 3, text: 'third', cosine: 0.4, relevance_score: 0.8 },
    ]);
    expect(messages[0]).toEqual({ role: 'system', content: GROUNDED_SYSTEM_PROMPT });
    expect(messages[1]?.content).toBe('Sources:\n\n[1] a.md — a > One\nfirst\nsecond\n\n[2] b.md — b\nthird\n\nQuestion: How?');
  });
});
