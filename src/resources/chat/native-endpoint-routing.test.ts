import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../../emulator/index.js';
import { PATHS } from '../../wire/paths.js';

const KEY = 'sk-test-routing';
let emulator: Emulator;
let server: EmulatorServer;
let sentBodies: Record<string, unknown>[] = [];

beforeAll(async () => {
  emulator = createEmulator({ seed: 5, apiKeys: [KEY] });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => {
  emulator.reset();
  sentBodies = [];
});

const client = (protocol: 'native' | 'compatible' = 'native') =>
  new DashScope({
    apiKey: KEY,
    baseURL: server.url,
    maxRetries: 0,
    protocol,
    fetch: (input, init) => {
      if (typeof init?.body === 'string') sentBodies.push(JSON.parse(init.body) as Record<string, unknown>);
      return fetch(input, init);
    },
  });
const user = [{ role: 'user' as const, content: 'What does npm publish do?' }];

async function pathOf(params: Parameters<DashScope['chat']['create']>[0]): Promise<string | undefined> {
  emulator.reset();
  await client().chat.create(params).catch(() => undefined);
  return emulator.requestLog().at(-1)?.path;
}

async function postNative(path: string, model: string): Promise<{ status: number; body: { code?: string; message?: string } }> {
  const response = await fetch(`${server.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
    body: JSON.stringify({ model, input: { messages: user } }),
  });
  return { status: response.status, body: (await response.json()) as { code?: string; message?: string } };
}

describe('native chat endpoint routing over loopback', () => {
  it('sends catalog models where the catalog says and the emulator answers them there', async () => {
    const reply = await client().chat.create({ model: 'qwen3-vl-plus', messages: user });
    expect(reply.choices[0]?.message.content).toMatch(/publish/i);
    expect(emulator.requestLog().at(-1)?.path).toBe(PATHS.nativeMultimodalGeneration);
    const line = await client().chat.create({ model: 'qwen3.6-plus', messages: user });
    expect(line.choices[0]?.message.content).toMatch(/publish/i);
    expect(emulator.requestLog().at(-1)).toMatchObject({ path: PATHS.nativeMultimodalGeneration, status: 200 });
    expect(await pathOf({ model: 'qwen-plus', messages: user })).toBe(PATHS.nativeTextGeneration);
    expect(emulator.requestLog().at(-1)?.status).toBe(200);
  });

  it('sends a -vl model and an uncatalogued qwen3.9-plus to multimodal-generation, and qwen3-coder-plus to text-generation', async () => {
    expect(await pathOf({ model: 'qwen2.5-vl-72b-instruct', messages: user })).toBe(PATHS.nativeMultimodalGeneration);
    expect(await pathOf({ model: 'qwen3.9-plus', messages: user })).toBe(PATHS.nativeMultimodalGeneration);
    expect(await pathOf({ model: 'qwen3-coder-plus', messages: user })).toBe(PATHS.nativeTextGeneration);
  });

  it('answers a 3.5+ model, a catalogued -vl model and an uncatalogued qwen3.9-plus on text-generation with the service’s 400 url error', async () => {
    for (const model of ['qwen3.6-plus', 'qwen-vl-max', 'qwen3.9-plus']) {
      const answer = await postNative(PATHS.nativeTextGeneration, model);
      expect(answer, model).toMatchObject({ status: 400, body: { code: 'InvalidParameter', message: expect.stringContaining('url error, please check url') } });
    }
    expect((await postNative(PATHS.nativeMultimodalGeneration, 'qwen-plus')).status).toBe(400);
  });

  it('lets a call override the endpoint, and the wrong family gets the url error as a typed 400', async () => {
    const wrongLine = await client().chat.create({ model: 'qwen3.7-plus', messages: user, endpoint: 'text-generation' }).catch((error: Error) => error);
    expect(wrongLine).toMatchObject({ status: 400, code: 'InvalidParameter', message: expect.stringContaining('url error') });
    expect(emulator.requestLog().at(-1)?.path).toBe(PATHS.nativeTextGeneration);
    const wrong = await client().chat.create({ model: 'qwen-plus', messages: user, endpoint: 'multimodal-generation' }).catch((error: Error) => error);
    expect(wrong).toMatchObject({ status: 400, code: 'InvalidParameter', message: expect.stringContaining('url error') });
    expect(emulator.requestLog().at(-1)?.path).toBe(PATHS.nativeMultimodalGeneration);
  });
});

describe('default thinking over loopback', () => {
  it.each(['native', 'compatible'] as const)('a 3.5+ line thinks unless enable_thinking is false, which is sent (%s)', async (protocol) => {
    const thinking = await client(protocol).chat.create({ model: 'qwen3.6-plus', messages: user });
    expect(thinking.choices[0]?.message.reasoning_content).toBeTruthy();
    expect(emulator.requestLog().at(-1)?.stream).toBe(false);
    const plain = await client(protocol).chat.create({ model: 'qwen3.6-plus', messages: user, enable_thinking: false });
    expect(plain.choices[0]?.message.reasoning_content ?? '').toBe('');
    const sent = sentBodies.at(-1)!;
    const flag = protocol === 'native' ? (sent['parameters'] as Record<string, unknown>)['enable_thinking'] : sent['enable_thinking'];
    expect(flag).toBe(false);
  });

  it.each(['native', 'compatible'] as const)(
    'streams and assembles a plain call to a model that thinks by default only when streaming (%s)',
    async (protocol) => {
      const completion = await client(protocol).chat.create({ model: 'qwen3-32b', messages: user });
      expect(completion.choices[0]?.message.reasoning_content).toBeTruthy();
      expect(completion.choices[0]?.message.content).toMatch(/publish/i);
      expect(emulator.requestLog().at(-1)?.stream).toBe(true);
      await client(protocol).chat.create({ model: 'qwen3-32b', messages: user, enable_thinking: false });
      expect(emulator.requestLog().at(-1)?.stream).toBe(false);
    },
  );

  it('has the emulator refuse a plain call to such a model the way the service does', async () => {
    const answer = await postNative(PATHS.nativeTextGeneration, 'qwen3-32b');
    expect(answer).toMatchObject({ status: 400, body: { message: 'parameter.enable_thinking must be set to false for non-streaming calls' } });
  });
});
