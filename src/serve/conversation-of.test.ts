import { describe, expect, it } from 'vitest';
import { conversationOf } from './conversation-of.js';
import { formatSourcesText } from './format-sources-text.js';

const sources = [
  { n: 1, file: 'publish.md', heading: 'Publishing', text: 'Run npm publish.', relevance_score: 0.9, cosine: 0.5, cited: true },
  { n: 2, file: 'ci.md', heading: 'npm ci', text: 'npm ci installs.', relevance_score: 0.4, cosine: 0.3, cited: false },
];

describe('conversationOf', () => {
  it('takes the last user message as the question and earlier user and assistant turns as history, without system turns', () => {
    const conversation = conversationOf([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'What is npm?' },
      { role: 'assistant', content: 'A package manager.' },
      { role: 'tool', content: '{}' },
      { role: 'user', content: [{ type: 'text', text: 'How do I ' }, { type: 'image_url' }, { type: 'text', text: 'publish?' }] },
    ]);
    expect(conversation).toEqual({
      question: 'How do I publish?',
      history: [
        { role: 'user', content: 'What is npm?' },
        { role: 'assistant', content: 'A package manager.' },
      ],
    });
  });

  it('drops the sources block the server appended to an earlier answer', () => {
    const answer = `Run npm publish [1].${formatSourcesText({ sources, citations: [1] })}`;
    expect(answer).toBe('Run npm publish [1].\n\nSources:\n[1] publish.md — Publishing\n');
    const { history } = conversationOf([
      { role: 'user', content: 'How do I publish?' },
      { role: 'assistant', content: answer },
      { role: 'user', content: 'And then?' },
    ]);
    expect(history[1]).toEqual({ role: 'assistant', content: 'Run npm publish [1].' });
  });

  it.each([
    [[], 'messages'],
    [[{ role: 'assistant', content: 'Hi' }], 'messages.0.role'],
    [[{ role: 'user', content: null }], 'messages.0.content'],
  ])('refuses %j as no question, naming %s', (messages, param) => {
    expect(() => conversationOf(messages)).toThrow(expect.objectContaining({ name: 'ServeRequestError', code: 'no_question', param }));
  });
});
