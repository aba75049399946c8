import OpenAI from 'openai';
import { z } from 'zod';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InputValidationError } from '../../core/errors.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../../emulator/index.js';
import type { ChatCreateParams } from './chat-types.js';

const KEY = 'sk-test-structured';
let emulator: Emulator;
let server: EmulatorServer;

beforeAll(async () => {
  emulator = createEmulator({ seed: 6, apiKeys: [KEY] });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => emulator.reset());

const client = () => new DashScope({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
const context =
  '[1] The Lisbon office opened in 2019 and employs 42 engineers. [2] The Porto office opened in 2022 and focuses on support. [3] Both offices follow the remote-first policy.';
const messages: ChatCreateParams['messages'] = [
  { role: 'system', content: context },
  { role: 'user', content: 'How many engineers work at the Lisbon office?' },
];
const schema = {
  type: 'object',
  properties: {
    answer: { type: 'string' },
    engineers: { type: 'integer', minimum: 0 },
    office: { type: 'string', enum: ['Lisbon', 'Porto'] },
    confident: { type: 'boolean' },
    sources: { type: 'array', items: { type: 'object', properties: { citation: { type: 'integer' }, quote: { type: 'string' } }, required: ['citation', 'quote'] } },
  },
  required: ['answer', 'engineers', 'office', 'confident', 'sources'],
  additionalProperties: false,
};
const jsonSchema = { type: 'json_schema' as const, json_schema: { name: 'office_answer', schema, strict: true } };
const validator = z.fromJSONSchema(schema as never);
const protocols = ['native', 'compatible'] as const;

function checked(content: string | null | undefined): Record<string, unknown> {
  const value: unknown = JSON.parse(content ?? '');
  const result = validator.safeParse(value);
  expect(result.success, JSON.stringify(value)).toBe(true);
  return value as Record<string, unknown>;
}

describe('structured output over loopback', () => {
  it.each(protocols)('answers a json_schema %s call with JSON that validates and is filled from the context', async (protocol) => {
    const reply = await client().chat.create({ model: 'qwen-plus', protocol, messages, response_format: jsonSchema });
    const value = checked(reply.choices[0]?.message.content);
    expect(value).toMatchObject({ engineers: 42, office: 'Lisbon', confident: true });
    expect(value['answer']).toContain('42 engineers');
  });

  it.each(protocols)('streams the same JSON on %s calls', async (protocol) => {
    const plain = await client().chat.create({ model: 'qwen-plus', protocol, messages, response_format: jsonSchema });
    const stream = await client().chat.create({ model: 'qwen-plus', protocol, messages, response_format: jsonSchema, stream: true });
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.message.content).toBe(plain.choices[0]?.message.content);
    checked(final.choices[0]?.message.content);
  });

  it.each(protocols)('answers json_object %s calls with a JSON object', async (protocol) => {
    const reply = await client().chat.create({
      model: 'qwen-plus',
      protocol,
      messages: [{ role: 'system', content: `${context}\nReply in JSON.` }, messages[1]!],
      response_format: { type: 'json_object' },
    });
    const value: unknown = JSON.parse(reply.choices[0]?.message.content ?? '');
    expect(value).toMatchObject({ answer: expect.stringContaining('42 engineers'), citations: [1] });
  });

  it('works with the unmodified openai package and a json_schema response_format', async () => {
    const openai = new OpenAI({ apiKey: KEY, baseURL: `${server.url}/compatible-mode/v1`, maxRetries: 0 });
    const completion = await openai.chat.completions.create({
      model: 'qwen-plus',
      messages: [
        { role: 'system', content: context },
        { role: 'user', content: 'How many engineers work at the Lisbon office?' },
      ],
      response_format: { type: 'json_schema', json_schema: { name: 'office_answer', schema, strict: true } },
    });
    const value = checked(completion.choices[0]?.message.content);
    expect(value).toMatchObject({ engineers: 42, office: 'Lisbon' });
  });
});

describe('structured output checks before sending', () => {
  async function refusal(params: Partial<ChatCreateParams>): Promise<InputValidationError> {
    const error = await client()
      .chat.create({ model: 'qwen-plus', messages, ...params } as ChatCreateParams)
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(emulator.requestLog()).toHaveLength(0);
    return error as InputValidationError;
  }

  it('refuses json_object when no system or user message says "json"', async () => {
    expect((await refusal({ response_format: { type: 'json_object' } })).param).toBe('messages');
  });

  it('refuses json_schema without a name or a schema object, and an unknown type', async () => {
    expect((await refusal({ response_format: { type: 'json_schema', json_schema: { name: '', schema } } })).param).toBe('response_format.json_schema.name');
    expect((await refusal({ response_format: { type: 'json_schema', json_schema: { name: 'x' } } as never })).param).toBe('response_format.json_schema.schema');
    expect((await refusal({ response_format: { type: 'json_schema' } as never })).param).toBe('response_format.json_schema');
    expect((await refusal({ response_format: { type: 'yaml' } as never })).param).toBe('response_format.type');
  });

  it('refuses structured output in thinking mode', async () => {
    expect((await refusal({ response_format: jsonSchema, enable_thinking: true })).param).toBe('response_format');
    expect((await refusal({ model: 'qwq-plus', response_format: jsonSchema })).message).toMatch(/always thinks/);
  });

  it('refuses structured output on a model that thinks by default unless enable_thinking is false', async () => {
    expect((await refusal({ model: 'qwen3.6-plus', response_format: jsonSchema })).message).toMatch(/qwen3\.6-plus thinks by default/);
    const reply = await client().chat.create({ model: 'qwen3.6-plus', messages, response_format: jsonSchema, enable_thinking: false });
    expect(JSON.parse(reply.choices[0]?.message.content ?? '')).toBeTypeOf('object');
  });
});
