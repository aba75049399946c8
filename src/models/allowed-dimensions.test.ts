import { describe, expect, it } from 'vitest';
import { allowedDimensions } from './allowed-dimensions.js';
import { getEmbeddingModel } from './catalog.js';

describe('allowedDimensions', () => {
  it('gives text-embedding-v3 fewer dimensions in Singapore than in Beijing', () => {
    const v3 = getEmbeddingModel('text-embedding-v3')!;
    expect(allowedDimensions(v3, 'ap-southeast-1')).toEqual([1024, 768, 512]);
    expect(allowedDimensions(v3, 'cn-beijing')).toEqual([1024, 768, 512, 256, 128, 64]);
    expect(allowedDimensions(v3)).toEqual([1024, 768, 512, 256, 128, 64]);
  });

  it('gives the same list in every region for a model without per-region rows', () => {
    const embedding = getEmbeddingModel('qwen3.7-text-embedding')!;
    expect(allowedDimensions(embedding, 'ap-southeast-1')).toEqual([2560, 2048, 1536, 1024, 768, 512, 256]);
  });
});
