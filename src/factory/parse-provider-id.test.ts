import { describe, expect, it } from 'vitest';
import { InputValidationError } from '../core/errors.js';
import { parseProviderId } from './parse-provider-id.js';

describe('parseProviderId', () => {
  it.each([
    ['alibaba:embedding:text-embedding-v4', 'embedding', 'text-embedding-v4'],
    ['alicloud:embedding:text-embedding-v3', 'embedding', 'text-embedding-v3'],
    ['aliyun:reranker:qwen3-rerank', 'reranker', 'qwen3-rerank'],
    ['dashscope:rerank:gte-rerank-v2', 'reranker', 'gte-rerank-v2'],
    ['DashScope:chat:qwen-plus', 'chat', 'qwen-plus'],
    ['alibaba:completion:qwen-turbo', 'chat', 'qwen-turbo'],
    ['aliyun:vl:qwen-vl-max', 'chat', 'qwen-vl-max'],
    ['alibaba:qwen-max', 'chat', 'qwen-max'],
  ])('reads %s as a %s model named %s', (id, kind, model) => {
    expect(parseProviderId(id)).toMatchObject({ kind, model });
  });

  it.each(['openai:chat:gpt-4o', 'alibaba:image:wanx', 'alibaba:embedding:', 'alibaba', ''])('refuses %j with a typed error', (id) => {
    expect(() => parseProviderId(id)).toThrow(InputValidationError);
  });
});
