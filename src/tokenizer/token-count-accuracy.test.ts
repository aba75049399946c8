import { describe, expect, it } from 'vitest';
import { tokenCountAccuracy } from './token-count-accuracy.js';

describe('tokenCountAccuracy', () => {
  it.each(['qwen-max', 'qwen-plus', 'qwen3-coder-plus', 'qwen2.5-72b-instruct', 'qwq-plus', 'qvq-max'])(
    'calls Qwen chat model %s exact',
    (model) => expect(tokenCountAccuracy(model)).toBe('exact'),
  );

  it.each(['text-embedding-v4', 'text-embedding-v2', 'qwen3-rerank', 'gte-rerank-v2', 'qwen3-vl-rerank', 'tongyi-embedding-vision-plus'])(
    'calls embedding or rerank model %s a lower bound',
    (model) => expect(tokenCountAccuracy(model)).toBe('lower_bound'),
  );

  it.each(['deepseek-v3', 'kimi-k2-instruct', 'glm-4.5', 'llama3-8b-instruct', 'Moonshot-Kimi-K2-Instruct'])(
    'calls non-Qwen model %s unsupported',
    (model) => expect(tokenCountAccuracy(model)).toBe('unsupported'),
  );

  it('calls an unrecognised model unknown', () => {
    expect(tokenCountAccuracy('some-future-model')).toBe('unknown');
  });

  it('rejects an empty model name', () => {
    expect(() => tokenCountAccuracy(' ')).toThrow(TypeError);
  });
});
