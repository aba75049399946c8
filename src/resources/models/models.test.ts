import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { ResponseValidationError } from '../../core/errors.js';
import { createEmulator, type EmulatorServer } from '../../emulator/index.js';

const KEY = 'sk-test-models';
let server: EmulatorServer;

beforeAll(async () => {
  server = await createEmulator({ seed: 1, apiKeys: [KEY] }).serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});

describe('client.models.list', () => {
  it('lists the emulator’s live models over loopback, each joined to its catalog entry', async () => {
    const { data } = await new DashScope({ apiKey: KEY, baseURL: server.url }).models.list();
    const plus = data.find((model) => model.id === 'qwen-plus');
    expect(plus?.catalog).toMatchObject({ kind: 'chat', contextWindow: 131_072 });
    expect(data.find((model) => model.id === 'text-embedding-v4')?.catalog?.kind).toBe('embedding');
    expect(data.every((model) => model.catalog !== undefined)).toBe(true);
  });

  it('marks models the catalog lacks, reads data: null as none, and refuses a body that is not a list', async () => {
    const answers = [
      { object: 'list', data: [{ id: 'qwen3.9-plus', object: 'model', created: 1_780_000_000, owned_by: 'system' }] },
      { object: 'list', data: null },
      { models: 'nope' },
    ];
    const fake: typeof fetch = async () => new Response(JSON.stringify(answers.shift()), { headers: { 'content-type': 'application/json' } });
    const client = new DashScope({ apiKey: KEY, baseURL: 'http://127.0.0.1:9', fetch: fake, maxRetries: 0 });
    expect((await client.models.list()).data).toEqual([{ id: 'qwen3.9-plus', created: 1_780_000_000, owned_by: 'system', catalog: undefined }]);
    expect((await client.models.list()).data).toEqual([]);
    await expect(client.models.list()).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
