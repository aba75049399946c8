import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InputValidationError } from '../../core/errors.js';
import type { ChatCreateParams } from '../../resources/chat/chat-types.js';
import { estimateCost } from '../../production/estimate-cost.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../index.js';

const KEY = 'sk-test-context-cache';
let now = Date.UTC(2026, 11, 2);
let emulator: Emulator;
let server: EmulatorServer;

beforeAll(async () => {
  emulator = createEmulator({ seed: 4, apiKeys: [KEY], clock: () => now });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => emulator.reset());

const client = (protocol: 'native' | 'compatible') => new DashScope({ apiKey: KEY, baseURL: server.url, maxRetries: 0, protocol });
const handbook = Array.from({ length: 160 }, (_, n) => `[${n + 1}] Section ${n + 1} of the handbook says office ${n} opens at ${8 + (n % 3)} am.`).join(' ');
const marked = (text: string, question = 'When does office 7 open?'): ChatCreateParams['messages'] => [
  { role: 'system', content: [{ type: 'text', text, cache_control: { type: 'ephemeral' } }] },
  { role: 'user', content: question },
];
const MINUTE = 60_000;

describe.each(['compatible', 'native'] as const)('the explicit context cache over %s', (protocol) => {
  it('creates the entry on the first call and hits it on the second, with the same prefix tokens', async () => {
    const first = await client(protocol).chat.create({ model: 'qwen-plus', messages: marked(handbook) });
    const created = first.usage?.cache_creation_input_tokens ?? 0;
    expect(created).toBeGreaterThanOrEqual(1_024);
    expect(first.usage?.cache_type).toBe('ephemeral');
    expect(first.usage?.cached_tokens ?? 0).toBe(0);
    const second = await client(protocol).chat.create({ model: 'qwen-plus', messages: marked(handbook, 'When does office 9 open?') });
    expect(second.usage?.cached_tokens).toBe(created);
    expect(second.usage?.cache_creation_input_tokens ?? 0).toBe(0);
    const input_tokens = second.usage?.input_tokens ?? 0;
    const full = estimateCost({ model: 'qwen-plus', region: 'singapore', input_tokens });
    const cached = estimateCost({ model: 'qwen-plus', region: 'singapore', input_tokens, cached_tokens: created, cache_type: 'ephemeral' });
    if (!full.priced || !cached.priced) throw new Error('qwen-plus has a Singapore price');
    expect(cached.amount).toBeLessThan(full.amount / 2);
  });

  it('lives five minutes, renewed by each hit, then is created again', async () => {
    const start = now;
    await client(protocol).chat.create({ model: 'qwen-plus', messages: marked(handbook) });
    now = start + 4 * MINUTE;
    expect((await client(protocol).chat.create({ model: 'qwen-plus', messages: marked(handbook) })).usage?.cached_tokens).toBeGreaterThan(0);
    now = start + 8 * MINUTE;
    expect((await client(protocol).chat.create({ model: 'qwen-plus', messages: marked(handbook) })).usage?.cached_tokens).toBeGreaterThan(0);
    now = start + 14 * MINUTE;
    const again = await client(protocol).chat.create({ model: 'qwen-plus', messages: marked(handbook) });
    expect(again.usage?.cached_tokens ?? 0).toBe(0);
    expect(again.usage?.cache_creation_input_tokens).toBeGreaterThan(0);
  });

  it('reports the hit in the final usage of a stream', async () => {
    await client(protocol).chat.create({ model: 'qwen-plus', messages: marked(handbook) });
    const stream = await client(protocol).chat.create({ model: 'qwen-plus', messages: marked(handbook), stream: true, stream_options: { include_usage: true } });
    const final = await stream.finalCompletion();
    expect(final.usage?.cached_tokens).toBeGreaterThanOrEqual(1_024);
  });

  it('does not cache a marked prefix under 1,024 tokens', async () => {
    await client(protocol).chat.create({ model: 'qwen-plus', messages: marked('[1] Office 7 opens at 9 am.') });
    const second = await client(protocol).chat.create({ model: 'qwen-plus', messages: marked('[1] Office 7 opens at 9 am.') });
    expect(second.usage?.cached_tokens ?? 0).toBe(0);
    expect(second.usage?.cache_creation_input_tokens ?? 0).toBe(0);
  });

  it('refuses five markers before sending', async () => {
    const part = { type: 'text' as const, text: 'x', cache_control: { type: 'ephemeral' as const } };
    const messages: ChatCreateParams['messages'] = [{ role: 'system', content: [part, part, part, part, part] }, { role: 'user', content: 'Hi' }];
    await expect(client(protocol).chat.create({ model: 'qwen-plus', messages })).rejects.toBeInstanceOf(InputValidationError);
    expect(emulator.requestLog()).toHaveLength(0);
  });
});
