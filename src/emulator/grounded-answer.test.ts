import { describe, expect, it } from 'vitest';
import type { ChatTurn } from './chat-turn.js';
import { groundedAnswer } from './grounded-answer.js';
import { OFFLINE_IDENTITY } from './offline-reply.js';

function turn(role: ChatTurn['role'], text: string, media: string[] = []): ChatTurn {
  return { role, text, media, calledTools: false };
}

const context = [
  '[1] The Eiffel Tower is 330 metres tall. It was completed in 1889.',
  '[2] Mount Fuji is the highest mountain in Japan.',
  '[3] The tower was designed by the company of Gustave Eiffel.',
].join('\n');

const weatherTool = {
  type: 'function' as const,
  function: {
    name: 'get_current_weather',
    description: 'Current weather',
    parameters: { type: 'object', properties: { location: { type: 'string' }, days: { type: 'integer' } }, required: ['location'] },
  },
};

describe('groundedAnswer', () => {
  it('quotes the most relevant context sentences with their own citation labels', () => {
    const answer = groundedAnswer({
      turns: [turn('system', 'Answer from the context.'), turn('user', `${context}\n\nHow tall is the Eiffel Tower?`)],
      thinking: false,
    });
    expect(answer.content).toContain('The Eiffel Tower is 330 metres tall. [1]');
    expect(answer.content).not.toContain('Fuji');
    expect(answer.citations[0]).toBe(1);
    expect(answer.reasoning).toBe('');
  });

  it('numbers unlabelled passages in order when the context has no labels', () => {
    const answer = groundedAnswer({
      turns: [turn('system', 'Cats sleep sixteen hours a day.\n\nDogs like long walks.'), turn('user', 'How long do dogs walk?')],
      thinking: false,
    });
    expect(answer.content).toBe('Dogs like long walks. [2]');
  });

  it('says it could not find the answer when the context has nothing relevant', () => {
    const answer = groundedAnswer({ turns: [turn('system', 'Mount Fuji is in Japan.'), turn('user', 'Who wrote Hamlet?')], thinking: false });
    expect(answer.content).toBe('I could not find the answer in the provided context.');
  });

  it('says what it is, instead of citing a context that does not exist, when the prompt carries none', () => {
    const hello = groundedAnswer({ turns: [turn('user', 'Hello')], thinking: false });
    expect(hello.content).toBe(`Hello! ${OFFLINE_IDENTITY}`);
    expect(hello.citations).toEqual([]);
    expect(groundedAnswer({ turns: [turn('user', '请问 1+1 是多少？')], thinking: false }).content).toBe(`1 + 1 = 2. ${OFFLINE_IDENTITY}`);
    const other = groundedAnswer({ turns: [turn('user', 'Write a poem about tea')], thinking: true });
    expect(other.content).toContain('not Qwen');
    expect(other.content).toContain('"Write a poem about tea"');
    expect(other.reasoning).toContain('no passage to quote');
  });

  it('admits that it only sees the file name of an image', () => {
    const answer = groundedAnswer({
      turns: [turn('user', '这个图片是哪里', ['https://example.com/images/dog_and_girl.jpeg'])],
      thinking: false,
    });
    expect(answer.content).toContain('dog_and_girl.jpeg');
  });

  it('explains its choice in reasoning when thinking is on', () => {
    const answer = groundedAnswer({ turns: [turn('user', `${context}\nWho designed the tower?`)], thinking: true });
    expect(answer.reasoning).toContain('[3]');
    expect(answer.content).toContain('[3]');
  });

  it('calls a tool the user names, filling its required arguments from the question', () => {
    const answer = groundedAnswer({
      turns: [turn('user', 'Use get current weather for Hangzhou?')],
      tools: [weatherTool],
      thinking: false,
    });
    expect(answer.content).toBe('');
    expect(answer.toolCalls).toHaveLength(1);
    expect(answer.toolCalls[0]?.name).toBe('get_current_weather');
    expect(JSON.parse(answer.toolCalls[0]?.arguments ?? '')).toEqual({ location: 'Use get current weather for Hangzhou' });
    expect(answer.toolCalls[0]?.id).toMatch(/^call_[0-9a-f]{22}$/);
  });

  it('calls a forced tool even when the question does not name it, and none when tool_choice is none', () => {
    const forced = groundedAnswer({
      turns: [turn('user', '杭州现在的天气如何？')],
      tools: [weatherTool],
      toolChoice: { type: 'function', function: { name: 'get_current_weather' } },
      thinking: false,
    });
    expect(JSON.parse(forced.toolCalls[0]?.arguments ?? '')).toEqual({ location: '杭州现在的天气如何' });
    const refused = groundedAnswer({ turns: [turn('user', 'get_current_weather now?')], tools: [weatherTool], toolChoice: 'none', thinking: false });
    expect(refused.toolCalls).toEqual([]);
  });

  it('answers from a tool result instead of calling the tool again', () => {
    const answer = groundedAnswer({
      turns: [
        turn('user', 'Use get_current_weather. What is the weather in Hangzhou?'),
        { role: 'assistant', text: '', media: [], calledTools: true },
        turn('tool', 'Hangzhou weather: sunny, 25 degrees.'),
      ],
      tools: [weatherTool],
      thinking: false,
    });
    expect(answer.toolCalls).toEqual([]);
    expect(answer.content).toBe('Hangzhou weather: sunny, 25 degrees. [1]');
  });

  it('gives the same text for the same seed and a lead-in chosen by the seed', () => {
    const ask = (seed: number) => groundedAnswer({ turns: [turn('user', `${context}\nHow tall is the Eiffel Tower?`)], thinking: false, seed }).content;
    expect(ask(1)).toBe(ask(1));
    expect(ask(1)).not.toBe(ask(2));
  });

  it('answers in JSON when asked for a JSON object', () => {
    const answer = groundedAnswer({
      turns: [turn('user', `${context}\nHow tall is the Eiffel Tower? Reply in JSON.`)],
      responseFormat: { type: 'json_object' },
      thinking: false,
    });
    expect(JSON.parse(answer.content).citations).toContain(1);
    expect(JSON.parse(answer.content).answer).toContain('330 metres');
  });
});
