import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../../emulator/index.js';
import { PATHS } from '../../wire/paths.js';

const KEY = 'sk-test-routing';
let emulator: Emulator;
let server: EmulatorServer;

beforeAll(async () => {
  emulator = createEmulator({ seed: 5, apiKeys: [KEY] });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => emulator.reset());

const client = () => new DashScope({ apiKey: KEY, baseURL: server.url, maxRetries: 0 });
const user = [{ role: 'user' as const, content: 'What does npm publish do?' }];

async function pathOf(params: Parameters<DashScope['chat']['create']>[0]): Promise<string | undefined> {
  emulator.reset();
  await client().chat.create(params).catch(() => undefined);
  return emulator.requestLog().at(-1)?.path;
}

describe('native chat endpoint routing over loopback', () => {
  it('sends catalog models where the catalog says and answers them', async () => {
    const reply = await client().chat.create({ model: 'qwen3-vl-plus', messages: user });
    expect(reply.choices[0]?.message.content).toMatch(/publish/i);
    expect(emulator.requestLog().at(-1)?.path).toBe(PATHS.nativeMultimodalGeneration);
    expect(await pathOf({ model: 'qwen-plus', messages: user })).toBe(PATHS.nativeTextGeneration);
  });

  it('sends Qwen3.5+ and -vl models the catalog does not know to multimodal-generation, and others to text-generation', async () => {
    expect(await pathOf({ model: 'qwen3.7-plus', messages: user })).toBe(PATHS.nativeMultimodalGeneration);
    expect(await pathOf({ model: 'qwen2.5-vl-72b-instruct', messages: user })).toBe(PATHS.nativeMultimodalGeneration);
    expect(await pathOf({ model: 'qwen3-coder-plus', messages: user })).toBe(PATHS.nativeTextGeneration);
  });

  it('lets a call override the endpoint, and the catalog model on the wrong family gets the service’s url error', async () => {
    expect(await pathOf({ model: 'qwen3.7-plus', messages: user, endpoint: 'text-generation' })).toBe(PATHS.nativeTextGeneration);
    const wrong = await client().chat.create({ model: 'qwen-plus', messages: user, endpoint: 'multimodal-generation' }).catch((error: Error) => error);
    expect(wrong).toMatchObject({ status: 400, code: 'InvalidParameter', message: expect.stringContaining('url error') });
    expect(emulator.requestLog().at(-1)?.path).toBe(PATHS.nativeMultimodalGeneration);
  });
});
