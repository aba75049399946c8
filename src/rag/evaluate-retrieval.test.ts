import { describe, expect, it } from 'vitest';
import { evaluateRetrieval, type RetrievalQuestion } from './evaluate-retrieval.js';

const questions: RetrievalQuestion[] = [
  { id: 'first', question: 'q1', file: 'a.md' },
  { id: 'third', question: 'q2', file: 'b.md' },
  { id: 'absent', question: 'q3', file: 'c.md' },
  { id: 'alternative', question: 'q4', file: 'd.md', also: ['e.md'] },
];
const results: Record<string, string[]> = {
  q1: ['a.md', 'x.md', 'a.md'],
  q2: ['x.md', 'x.md', 'b.md', 'b.md'],
  q3: ['x.md', 'y.md'],
  q4: ['x.md', 'e.md', 'd.md'],
};
const search = async (question: string) => (results[question] ?? []).map((file) => ({ file }));

describe('evaluateRetrieval', () => {
  it('ranks each question by its first relevant hit and averages hand-computed recall@k and MRR', async () => {
    const evaluation = await evaluateRetrieval(questions, search, { k: 2 });
    expect(evaluation.ranks.map((entry) => entry.rank)).toEqual([1, 3, null, 2]);
    expect(evaluation.questions).toBe(4);
    expect(evaluation.recallAtK).toBe(2 / 4);
    expect(evaluation.mrr).toBeCloseTo((1 + 1 / 3 + 0 + 1 / 2) / 4, 12);
  });

  it('counts a hit exactly at rank k and not one past it', async () => {
    expect((await evaluateRetrieval(questions, search, { k: 3 })).recallAtK).toBe(3 / 4);
    expect((await evaluateRetrieval(questions.slice(1, 2), search, { k: 2 })).recallAtK).toBe(0);
    expect((await evaluateRetrieval(questions.slice(1, 2), search, { k: 3 })).recallAtK).toBe(1);
  });

  it('keeps the files of the first k hits per question, repeats included, in input order', async () => {
    const evaluation = await evaluateRetrieval(questions, search, { k: 2 });
    expect(evaluation.ranks[0]).toEqual({ id: 'first', question: 'q1', rank: 1, files: ['a.md', 'x.md'] });
    expect(evaluation.ranks[1]?.files).toEqual(['x.md', 'x.md']);
  });

  it('asks the questions one at a time, in order', async () => {
    const asked: string[] = [];
    let inFlight = 0;
    let most = 0;
    await evaluateRetrieval(questions, async (question) => {
      asked.push(question);
      most = Math.max(most, ++inFlight);
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      return search(question);
    }, { k: 1 });
    expect(asked).toEqual(['q1', 'q2', 'q3', 'q4']);
    expect(most).toBe(1);
  });

  it('refuses a k that is not a positive integer and an empty question list', async () => {
    await expect(evaluateRetrieval(questions, search, { k: 0 })).rejects.toThrow(RangeError);
    await expect(evaluateRetrieval(questions, search, { k: 1.5 })).rejects.toThrow(RangeError);
    await expect(evaluateRetrieval([], search, { k: 5 })).rejects.toThrow(/No questions/);
  });
});
