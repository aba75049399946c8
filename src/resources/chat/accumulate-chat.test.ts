import { describe, expect, it } from 'vitest';
import { accumulateChatChunk, emptyCompletion } from './accumulate-chat.js';
import type { ChatCompletionChunk } from './chat-types.js';
import { NativeChunkParser } from './parse-chat-response.js';

function chunk(delta: ChatCompletionChunk['choices'][number]['delta'], finish: string | null = null): ChatCompletionChunk {
  return { request_id: 'r', model: 'qwen-plus', choices: [{ index: 0, finish_reason: finish, delta }] };
}

describe('accumulateChatChunk', () => {
  it('merges parallel tool-call fragments by index and ignores empty continuation ids', () => {
    const state = emptyCompletion('qwen-plus');
    accumulateChatChunk(state, chunk({ tool_calls: [{ index: 0, id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"ci' } }] }));
    accumulateChatChunk(state, chunk({ tool_calls: [{ index: 1, id: 'call_b', type: 'function', function: { name: 'get_time', arguments: '{"tz"' } }] }));
    accumulateChatChunk(state, chunk({ tool_calls: [{ index: 0, function: { arguments: 'ty":"Hangzhou"}' } }] }));
    accumulateChatChunk(state, chunk({ tool_calls: [{ index: 1, function: { arguments: ':"UTC+8"}' } }] }, 'tool_calls'));
    const calls = state.completion.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((call) => [call.id, call.function.name, JSON.parse(call.function.arguments ?? '')])).toEqual([
      ['call_a', 'get_weather', { city: 'Hangzhou' }],
      ['call_b', 'get_time', { tz: 'UTC+8' }],
    ]);
    expect(state.completion.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('keeps reasoning apart from content', () => {
    const state = emptyCompletion('qwen-plus');
    accumulateChatChunk(state, chunk({ reasoning_content: 'Think ' }));
    accumulateChatChunk(state, chunk({ reasoning_content: 'hard.' }));
    accumulateChatChunk(state, chunk({ content: 'Answer' }, 'stop'));
    expect(state.completion.choices[0]?.message).toEqual({ role: 'assistant', content: 'Answer', reasoning_content: 'Think hard.' });
  });
});

describe('NativeChunkParser', () => {
  const event = (content: string, reasoning = '', finish = 'null') => ({
    output: { choices: [{ finish_reason: finish, message: { role: 'assistant', content, reasoning_content: reasoning } }] },
    usage: { input_tokens: 3, output_tokens: 1, total_tokens: 4 },
    request_id: 'r1',
  });

  it('turns cumulative events (incremental_output false) into deltas', () => {
    const parser = new NativeChunkParser('qwen-plus', true);
    const deltas = [event('He'), event('Hello'), event('Hello world', '', 'stop')].map((payload) => parser.parse(payload).choices[0]?.delta.content);
    expect(deltas).toEqual(['He', 'llo', ' world']);
  });

  it('passes incremental events through and normalises the "null" finish reason', () => {
    const parser = new NativeChunkParser('qwen-plus', false);
    const first = parser.parse(event('', 'step one'));
    expect(first.choices[0]).toEqual({ index: 0, finish_reason: null, delta: { reasoning_content: 'step one' } });
    expect(parser.parse(event('done', '', 'stop')).choices[0]?.finish_reason).toBe('stop');
  });
});
