import { describe, expect, it } from 'vitest';
import { lexicalEmbedding } from './lexical-embedding.js';

function cosine(left: number[], right: number[]): number {
  return left.reduce((sum, value, index) => sum + value * (right[index] as number), 0);
}

describe('lexicalEmbedding', () => {
  it('returns the same vector for the same text every time', () => {
    expect(lexicalEmbedding('The cat sat on the mat.', 1024)).toEqual(lexicalEmbedding('The cat sat on the mat.', 1024));
  });

  it('returns a unit vector of the requested dimension', () => {
    const vector = lexicalEmbedding('quantum computing is a frontier of computer science', 64);
    expect(vector).toHaveLength(64);
    expect(Math.sqrt(cosine(vector, vector))).toBeCloseTo(1, 6);
  });

  it('makes cosine similarity follow word overlap', () => {
    const query = lexicalEmbedding('how do rerank models sort documents', 1024);
    const related = lexicalEmbedding('rerank models sort candidate documents by relevance', 1024);
    const unrelated = lexicalEmbedding('the weather in Hangzhou is sunny today', 1024);
    expect(cosine(query, related)).toBeGreaterThan(0.4);
    expect(cosine(query, related)).toBeGreaterThan(cosine(query, unrelated) + 0.3);
  });

  it('survives a round trip through a Float32Array bit for bit', () => {
    const vector = lexicalEmbedding('代码改变世界', 1536);
    expect(Array.from(Float32Array.from(vector))).toEqual(vector);
  });

  it('gives text without words a unit vector too', () => {
    const vector = lexicalEmbedding('?!', 128);
    expect(Math.sqrt(cosine(vector, vector))).toBeCloseTo(1, 6);
  });

  it('keeps its hashing stable across releases', () => {
    expect(lexicalEmbedding('a stable hashing scheme', 8)).toEqual([
      0, 0, 0.5714285969734192, 0.1428571492433548, 0.5714285969734192, 0.5714285969734192, 0, 0,
    ]);
  });

  it('rejects a dimension that is not a positive integer', () => {
    expect(() => lexicalEmbedding('text', 0)).toThrow(RangeError);
    expect(() => lexicalEmbedding('text', 1.5)).toThrow(RangeError);
  });
});
