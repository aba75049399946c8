import { describe, expect, it } from 'vitest';
import { buildChatParams } from './build-chat-params.js';

const prompt = [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'hi' }] }];
const tool = { type: 'function' as const, name: 'lookup', inputSchema: { type: 'object' as const, properties: {} } };

describe('buildChatParams', () => {
  it('maps AI SDK settings to DashScope names and lets provider options win over model defaults', () => {
    const { params, warnings } = buildChatParams(
      'qwen-plus',
      { prompt, maxOutputTokens: 50, topP: 0.9, topK: 5, stopSequences: ['END'], seed: 7, providerOptions: { dashscope: { enable_search: true, top_k: 8 } } },
      { enable_search: false, thinking_budget: 10 },
    );
    expect(params).toMatchObject({ model: 'qwen-plus', max_tokens: 50, top_p: 0.9, top_k: 8, stop: ['END'], seed: 7, enable_search: true, thinking_budget: 10 });
    expect(params.messages).toEqual([{ role: 'user', content: 'hi' }]);
    expect(warnings).toEqual([]);
  });

  it('sends a required tool choice as auto with a compatibility warning, and warns about frequency penalty', () => {
    const { params, warnings } = buildChatParams('qwen-plus', { prompt, tools: [tool], toolChoice: { type: 'required' }, frequencyPenalty: 0.5 });
    expect(params.tool_choice).toBe('auto');
    expect(params.tools).toEqual([{ type: 'function', function: { name: 'lookup', parameters: { type: 'object', properties: {} } } }]);
    expect(warnings.map((warning) => ('feature' in warning ? warning.feature : ''))).toEqual(['frequencyPenalty', 'toolChoice: required']);
  });

  it('names a forced tool and maps reasoning levels to enable_thinking', () => {
    expect(buildChatParams('qwen-plus', { prompt, tools: [tool], toolChoice: { type: 'tool', toolName: 'lookup' } }).params.tool_choice).toEqual({ type: 'function', function: { name: 'lookup' } });
    expect(buildChatParams('qwen-plus', { prompt, reasoning: 'none' }).params.enable_thinking).toBe(false);
    expect(buildChatParams('qwen-plus', { prompt, reasoning: 'high' }).params.enable_thinking).toBe(true);
    expect(buildChatParams('qwen-plus', { prompt, reasoning: 'provider-default' }).params).not.toHaveProperty('enable_thinking');
  });

  it('asks for json_schema with a schema and json_object without one', () => {
    const schema = { type: 'object' as const, properties: { a: { type: 'string' as const } } };
    expect(buildChatParams('qwen-plus', { prompt, responseFormat: { type: 'json', schema, name: 'thing' } }).params.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'thing', schema, strict: true } });
    expect(buildChatParams('qwen-plus', { prompt, responseFormat: { type: 'json' } }).params.response_format).toEqual({ type: 'json_object' });
  });
});
