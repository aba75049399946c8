import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../emulator/index.js';
import { PATHS } from '../wire/paths.js';
import { InputValidationError } from './errors.js';

const KEY = 'sk-test-size';
const MIB = 1024 * 1024;
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
const image = (bytes: number) => 'data:image/png;base64,' + 'A'.repeat(bytes);

describe('request size caps over loopback', () => {
  it('refuses a 17 MiB chat prompt before sending, on both protocols', async () => {
    for (const protocol of ['native', 'compatible'] as const) {
      const error = await client()
        .chat.create({ model: 'my-finetuned-qwen', protocol, messages: [{ role: 'user', content: 'a'.repeat(17 * MIB) }] })
        .catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(InputValidationError);
      expect(error).toMatchObject({ param: 'body', limit: 16 * MIB });
    }
    expect(emulator.requestLog()).toHaveLength(0);
  });

  it('refuses a 21 MiB inline image but sends an 18 MiB one', async () => {
    const big = await client()
      .chat.create({ model: 'qwen-vl-plus', messages: [{ role: 'user', content: [{ image: image(21 * MIB) }, { text: 'What is this?' }] }] })
      .catch((caught: unknown) => caught);
    expect(big).toMatchObject({ name: 'InputValidationError', param: 'body.data_url', limit: 20 * MIB });
    expect(emulator.requestLog()).toHaveLength(0);
    const reply = await client().chat.create({ model: 'qwen-vl-plus', messages: [{ role: 'user', content: [{ image: image(18 * MIB) }, { text: 'What is this?' }] }] });
    expect(reply.choices[0]?.message.content).toContain('inline image');
  });

  it('applies to every resource, since the check sits in the transport', async () => {
    const error = await client()
      .embeddings.create({ model: 'my-embedding-model', input: ['b'.repeat(9 * MIB), 'c'.repeat(9 * MIB)] })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ name: 'InputValidationError', param: 'body' });
    expect(emulator.requestLog()).toHaveLength(0);
  });

  it('has the emulator answer an over-size body with HTTP 413 like the gateway', async () => {
    const body = JSON.stringify({ model: 'qwen-plus', input: { messages: [{ role: 'user', content: 'a'.repeat(17 * MIB) }] } });
    const response = await fetch(server.url + PATHS.nativeTextGeneration, {
      method: 'POST',
      headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
      body,
    });
    expect(response.status).toBe(413);
    expect(await response.text()).toContain('Request Entity Too Large');
    expect(emulator.requestLog().at(-1)).toMatchObject({ status: 413, outcome: 'rejected' });
  });
});
