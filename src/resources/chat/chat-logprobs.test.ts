import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InputValidationError } from '../../core/errors.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../../emulator/index.js';
import type { ChatLogprobs } from './chat-logprobs.js';
import { parseCompatibleChunk, parseNativeChatResponse } from './parse-chat-response.js';

const KEY = 'sk-test-logprobs';
let emulator: Emulator;
let server: EmulatorServer;

beforeAll(async () => {
  emulator = createEmulator({ seed: 4, apiKeys: [KEY] });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => emulator.reset());

const client = () => new DashScope({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
const messages = [
  { role: 'system' as const, content: '[1] npm publish uploads a package to the registry. [2] npm pack writes a tarball without uploading it.' },
  { role: 'user' as const, content: 'What does npm publish do?' },
];
const protocols = ['native', 'compatible'] as const;

function expectWellFormed(logprobs: ChatLogprobs | undefined, content: string, top: number): void {
  expect(logprobs).toBeDefined();
  const entries = logprobs?.content ?? [];
  expect(entries.map((entry) => entry.token).join('')).toBe(content);
  for (const entry of entries) {
    expect(entry.logprob).toBeLessThanOrEqual(0);
    expect(entry.bytes).toEqual([...new TextEncoder().encode(entry.token)]);
    expect(entry.top_logprobs).toHaveLength(top);
    if (top === 0) continue;
    expect(entry.top_logprobs[0]).toEqual({ token: entry.token, logprob: entry.logprob, bytes: entry.bytes });
    const values = entry.top_logprobs.map((alternative) => alternative.logprob ?? -Infinity);
    expect([...values].sort((left, right) => right - left)).toEqual(values);
    expect(values.reduce((sum, value) => sum + Math.exp(value), 0)).toBeLessThan(1);
    expect(new Set(entry.top_logprobs.map((alternative) => alternative.token)).size).toBe(top);
  }
}

describe('chat logprobs over loopback', () => {
  it.each(protocols)('returns choices[0].logprobs for every answer token on %s calls', async (protocol) => {
    const reply = await client().chat.create({ model: 'qwen-plus', protocol, messages, logprobs: true, top_logprobs: 3 });
    const choice = reply.choices[0];
    expect(choice?.message.content).toContain('npm publish uploads');
    expectWellFormed(choice?.logprobs, choice?.message.content ?? '', 3);
  });

  it.each(protocols)('streams each chunk’s logprobs with its delta on %s calls and assembles them like the plain call', async (protocol) => {
    const plain = await client().chat.create({ model: 'qwen-plus', protocol, messages, logprobs: true, top_logprobs: 2 });
    const stream = await client().chat.create({ model: 'qwen-plus', protocol, messages, logprobs: true, top_logprobs: 2, stream: true });
    let chunksWithLogprobs = 0;
    for await (const chunk of stream) {
      for (const choice of chunk.choices) {
        if (!choice.logprobs) continue;
        chunksWithLogprobs++;
        expect(choice.logprobs.content.map((entry) => entry.token).join('')).toBe(choice.delta.content);
      }
    }
    expect(chunksWithLogprobs).toBeGreaterThan(1);
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.logprobs).toEqual(plain.choices[0]?.logprobs);
    expectWellFormed(final.choices[0]?.logprobs, final.choices[0]?.message.content ?? '', 2);
  });

  it('keeps native cumulative streams (incremental_output: false) to the new tokens of each event', async () => {
    const plain = await client().chat.create({ model: 'qwen-plus', messages, logprobs: true });
    const stream = await client().chat.create({ model: 'qwen-plus', messages, logprobs: true, stream: true, incremental_output: false });
    const final = await stream.finalCompletion();
    expect(final.choices[0]?.logprobs).toEqual(plain.choices[0]?.logprobs);
    expectWellFormed(final.choices[0]?.logprobs, final.choices[0]?.message.content ?? '', 0);
  });

  it.each(protocols)('leaves logprobs out when the %s call did not ask for them', async (protocol) => {
    const reply = await client().chat.create({ model: 'qwen-plus', protocol, messages });
    expect(reply.choices[0]).not.toHaveProperty('logprobs');
  });

  it('refuses top_logprobs outside 0-5 before sending', async () => {
    for (const top_logprobs of [6, -1, 1.5]) {
      const error = await client().chat.create({ model: 'qwen-plus', messages, logprobs: true, top_logprobs }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error).toMatchObject({ param: 'top_logprobs', value: top_logprobs, limit: '[0, 5]' });
    }
    expect(emulator.requestLog()).toHaveLength(0);
  });
});

describe('parsing logprobs as DashScope sends them', () => {
  it('reads a native message response in the shape recorded from qwen-max', () => {
    const body = {
      output: {
        choices: [
          {
            finish_reason: 'stop',
            message: { role: 'assistant', content: '2' },
            logprobs: { content: [{ top_logprobs: [{ logprob: 0.0, bytes: [50], token: '2' }], logprob: 0.0, bytes: [50], token: '2' }] },
          },
        ],
      },
      usage: { total_tokens: 21, output_tokens: 1, input_tokens: 20 },
      request_id: 'req-1',
    };
    expect(parseNativeChatResponse(body, 'qwen-max').choices[0]?.logprobs).toEqual({
      content: [{ token: '2', logprob: 0, bytes: [50], top_logprobs: [{ token: '2', logprob: 0, bytes: [50] }] }],
    });
  });

  it('treats logprobs: null in compatible chunks as absent', () => {
    const chunk = parseCompatibleChunk(
      { id: 'chatcmpl-1', object: 'chat.completion.chunk', model: 'qwen-plus', choices: [{ delta: { content: 'I am' }, index: 0, logprobs: null, finish_reason: null }] },
      'qwen-plus',
    );
    expect(chunk.choices[0]).not.toHaveProperty('logprobs');
  });
});
