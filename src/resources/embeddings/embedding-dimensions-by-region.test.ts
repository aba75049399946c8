import { describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InputValidationError } from '../../core/errors.js';
import { createEmulator } from '../../emulator/index.js';
import { embedMany } from '../../production/embed-many.js';

function clientIn(region: string, sent: string[]) {
  const emulator = createEmulator();
  return new DashScope({
    apiKey: 'sk-test-region',
    region,
    baseURL: 'http://127.0.0.1',
    maxRetries: 0,
    fetch: (input, init) => {
      sent.push(String(input));
      return emulator.fetch(input, init);
    },
  });
}

describe('embedding dimensions by the client region', () => {
  it('refuses text-embedding-v3 at 256 dimensions in Singapore before sending, naming the region and its allowed values', async () => {
    const sent: string[] = [];
    const error = await clientIn('singapore', sent)
      .embeddings.create({ model: 'text-embedding-v3', input: 'hello', dimension: 256 })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputValidationError);
    expect(error).toMatchObject({ param: 'dimension', value: 256, limit: [1024, 768, 512] });
    expect((error as Error).message).toContain('ap-southeast-1');
    expect(sent).toEqual([]);
  });

  it('accepts text-embedding-v3 at 256 dimensions in Beijing and returns 256-number vectors', async () => {
    const sent: string[] = [];
    const result = await clientIn('beijing', sent).embeddings.create({ model: 'text-embedding-v3', input: 'hello', dimension: 256 });
    expect(result.embeddings[0]?.embedding).toHaveLength(256);
    expect(sent).toHaveLength(1);
  });

  it('applies the region to embedMany as well', async () => {
    const sent: string[] = [];
    await expect(embedMany(clientIn('singapore', sent), { model: 'text-embedding-v3', input: ['a'], dimension: 128 })).rejects.toMatchObject({
      param: 'dimension',
    });
    expect(sent).toEqual([]);
  });
});
