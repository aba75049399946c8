import OpenAI from 'openai';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InputValidationError } from '../../core/errors.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../../emulator/index.js';
import type { ResponseCreateParams, ResponseStreamEvent } from './response-types.js';

const KEY = 'sk-test-responses';
let emulator: Emulator;
let server: EmulatorServer;

beforeAll(async () => {
  emulator = createEmulator({ seed: 9, apiKeys: [KEY] });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => emulator.reset());

const client = () => new DashScope({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
const context = '[1] The Lisbon office opened in 2019 and employs 42 engineers. [2] The Porto office focuses on support.';
const input: ResponseCreateParams['input'] = [
  { role: 'system', content: context },
  { role: 'user', content: 'How many engineers work at the Lisbon office?' },
];
const weather = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Current weather of a city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};

describe('client.responses.create against the emulator', () => {
  it('answers a plain call with output_text, a message item and token usage', async () => {
    const response = await client().responses.create({ model: 'qwen3-max', input, enable_thinking: false });
    expect(response.status).toBe('completed');
    expect(response.id).toMatch(/^resp_/);
    expect(response.output_text).toMatch(/42/);
    expect(response.output.map((item) => item.type)).toEqual(['message']);
    expect(response.usage?.input_tokens).toBeGreaterThan(10);
    expect(response.usage?.total_tokens).toBe((response.usage?.input_tokens ?? 0) + (response.usage?.output_tokens ?? 0));
  });

  it('streams events in order whose deltas join to the final text', async () => {
    const stream = await client().responses.create({ model: 'qwen3-max', input, enable_thinking: false, stream: true });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();
    expect(events[0]?.type).toBe('response.created');
    expect(events.at(-1)?.type).toBe('response.completed');
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const deltas = events.filter((event) => event.type === 'response.output_text.delta').map((event) => event.delta);
    expect(deltas.length).toBeGreaterThan(3);
    expect(deltas.join('')).toBe(final.output_text);
    expect(final.output_text).toMatch(/42/);
  });

  it('continues a conversation with previous_response_id and refuses an unknown one', async () => {
    const first = await client().responses.create({ model: 'qwen3-max', input: [{ role: 'system', content: context }, { role: 'user', content: 'When did the Lisbon office open?' }], enable_thinking: false });
    expect(first.output_text).toMatch(/2019/);
    const next = await client().responses.create({ model: 'qwen3-max', input: 'How many engineers does it employ?', previous_response_id: first.id, enable_thinking: false });
    expect(next.output_text).toMatch(/42/);
    const alone = await client().responses.create({ model: 'qwen3-max', input: 'How many engineers does it employ?', enable_thinking: false });
    expect(alone.output_text).not.toMatch(/42/);
    await expect(client().responses.create({ model: 'qwen3-max', input: 'Go on.', previous_response_id: 'resp_missing' })).rejects.toMatchObject({ status: 400 });
  });

  it('returns a reasoning item with reasoning tokens when thinking', async () => {
    const response = await client().responses.create({ model: 'qwen3-max', input, enable_thinking: true });
    expect(response.output.map((item) => item.type)).toEqual(['reasoning', 'message']);
    expect(response.usage?.output_tokens_details?.reasoning_tokens).toBeGreaterThan(0);
  });

  it('calls a function tool, then answers from its output', async () => {
    const ask = [{ role: 'user' as const, content: 'Please get weather for Lisbon.' }];
    const first = await client().responses.create({ model: 'qwen3-max', input: ask, tools: [weather], enable_thinking: false });
    const call = first.output.find((item) => item.type === 'function_call') as { call_id: string; name: string; arguments: string } | undefined;
    expect(call?.name).toBe('get_weather');
    expect(JSON.parse(call?.arguments ?? '{}')).toHaveProperty('city');
    expect(first.output_text).toBe('');
    const answer = await client().responses.create({
      model: 'qwen3-max',
      previous_response_id: first.id,
      input: [{ type: 'function_call_output', call_id: call?.call_id ?? '', output: 'Lisbon: 23 degrees and sunny.' }],
      tools: [weather],
      enable_thinking: false,
    });
    expect(answer.output_text).toMatch(/23 degrees/);
  });

  it.each([
    [{ background: true }, 'background'],
    [{ instructions: 'Be brief.' }, 'instructions'],
    [{ input: '' }, 'input'],
    [{ input: [{ type: 'function_call_output', output: 'x' }] }, 'input[0]'],
    [{ tools: [{ type: 'function', name: 'bad name!' }] }, 'tools[0]'],
    [{ max_output_tokens: 0 }, 'max_output_tokens'],
    [{ model: '' }, 'model'],
  ])('refuses %j before sending', async (extra, param) => {
    const error = await client()
      .responses.create({ model: 'qwen3-max', input: 'Hi', ...extra } as ResponseCreateParams)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).param).toBe(param);
    expect(emulator.requestLog()).toHaveLength(0);
  });
});

describe('the unmodified openai package against the emulator', () => {
  const openai = () => new OpenAI({ apiKey: KEY, baseURL: `${server.url}/compatible-mode/v1`, maxRetries: 0 });

  it('responses.create answers a plain call', async () => {
    const response = await openai().responses.create({ model: 'qwen3-max', input: input as never, enable_thinking: false } as never);
    expect(response.output_text).toMatch(/42/);
  });

  it('responses.create streams events the package parses', async () => {
    const stream = await openai().responses.create({ model: 'qwen3-max', input: input as never, stream: true, enable_thinking: false } as never);
    let text = '';
    let completed = '';
    for await (const event of stream as unknown as AsyncIterable<{ type: string; delta?: string; response?: { output_text?: string; output: { type: string; content?: { text: string }[] }[] } }>) {
      if (event.type === 'response.output_text.delta') text += event.delta ?? '';
      if (event.type === 'response.completed') completed = event.response?.output.find((item) => item.type === 'message')?.content?.[0]?.text ?? '';
    }
    expect(text).toMatch(/42/);
    expect(completed).toBe(text);
  });
});
