import { describe, expect, it } from 'vitest';
import { lexicalRelevance } from './lexical-relevance.js';

describe('lexicalRelevance', () => {
  it('scores strictly between 0 and 1', () => {
    for (const document of ['', 'nothing in common', 'rerank model', 'rerank model rerank model rerank model']) {
      const score = lexicalRelevance('What is a rerank model?', document);
      expect(score).toBeGreaterThan(0);
      expect(score).toBeLessThan(1);
    }
  });

  it('ranks documents sharing more query words higher', () => {
    const query = '什么是文本排序模型';
    const full = lexicalRelevance(query, '文本排序模型广泛用于搜索引擎和推荐系统中，它们根据文本相关性对候选文本进行排序');
    const partial = lexicalRelevance(query, '预训练语言模型的发展给文本排序模型带来了新的进展');
    const none = lexicalRelevance(query, '量子计算是计算科学的一个前沿领域');
    expect(full).toBeGreaterThan(none);
    expect(partial).toBeGreaterThan(none);
    expect(none).toBeLessThan(0.1);
  });

  it('never matches the words of the instruction', () => {
    const instruct = 'Given a web search query, retrieve relevant passages that answer the query.';
    expect(lexicalRelevance('cats', 'retrieve relevant passages', instruct)).toBe(lexicalRelevance('cats', 'retrieve relevant passages'));
  });

  it('becomes symmetric when the instruction asks for similar text', () => {
    const instruct = 'Retrieve semantically similar text.';
    const short = 'rerank models';
    const long = 'rerank models sort documents by relevance to a query in search engines';
    expect(lexicalRelevance(short, long, instruct)).toBeCloseTo(lexicalRelevance(long, short, instruct), 12);
    expect(lexicalRelevance(short, long)).not.toBeCloseTo(lexicalRelevance(long, short), 3);
  });
});
