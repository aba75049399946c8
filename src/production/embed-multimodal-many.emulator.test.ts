import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { InputValidationError } from '../core/errors.js';
import { createEmulator, type Emulator, type EmulatorOptions } from '../emulator/index.js';
import { mediaVector } from '../emulator/multimodal-embedding/media-vector.js';
import type { EmulatorServer } from '../emulator/serve-emulator.js';
import { preloadTokenizer } from '../tokenizer/load-tokenizer.js';
import type { MultimodalContent } from '../wire/multimodal-embeddings.js';
import { embedMultimodalMany } from './embed-multimodal-many.js';

const WORDS = 'amber birch cedar delta ember fjord glade heron iris juniper kelp lotus maple nectar opal pine quartz reed sage thistle'.split(' ');
const items = (count: number): MultimodalContent[] =>
  Array.from({ length: count }, (_, n): MultimodalContent => {
    const word = `${WORDS[n % WORDS.length]}-${n}`;
    if (n % 4 === 0) return { text: `${word} in the morning light` };
    if (n % 4 === 1) return { image: `https://example.com/${word}.jpg` };
    if (n % 4 === 2) return { image: `data:image/png;base64,${Buffer.from(`pixels of ${word}`).toString('base64')}` };
    return { video: `https://example.com/${word}.mp4` };
  });

let running: EmulatorServer | undefined;

async function start(options: EmulatorOptions = {}): Promise<{ emulator: Emulator; client: DashScope }> {
  const emulator = createEmulator({ seed: 11, ...options });
  running = await emulator.serve({ host: '127.0.0.1', port: 0 });
  return { emulator, client: new DashScope({ apiKey: 'sk-test-mm-many', baseURL: running.url }) };
}

beforeAll(async () => {
  await preloadTokenizer();
});

afterEach(async () => {
  await running?.close();
  running = undefined;
});

describe('embedMultimodalMany against the emulator over loopback', () => {
  it('splits 50 elements into 3 requests of at most 20 for qwen3-vl-embedding and returns each its own vector, in input order', async () => {
    const { emulator, client } = await start();
    const input = items(50);
    const result = await embedMultimodalMany(client, { model: 'qwen3-vl-embedding', input, dimension: 256, concurrency: 3 });
    expect(emulator.stats().models['qwen3-vl-embedding']).toMatchObject({ accepted: 3, items: 50 });
    expect(result.stats.subRequests).toBe(3);
    expect(result.failures).toEqual([]);
    expect(result.dimension).toBe(256);
    result.embeddings.forEach((item, index) => {
      expect(item?.index).toBe(index);
      expect(item?.embedding).toEqual(mediaVector(input[index]!, 256));
    });
    expect(result.usage.image_tokens).toBeGreaterThan(0);
  });

  it('packs one element of each type per request for qwen2.5-vl-embedding (50 alternating texts and images: 25 requests)', async () => {
    const { emulator, client } = await start();
    const input = Array.from({ length: 50 }, (_, n): MultimodalContent => (n % 2 === 0 ? { text: `caption ${n}` } : { image: `https://example.com/${n}.jpg` }));
    const result = await embedMultimodalMany(client, { model: 'qwen2.5-vl-embedding', input });
    expect(emulator.stats().models['qwen2.5-vl-embedding']).toMatchObject({ accepted: 25, items: 50 });
    expect(result.embeddings.every((item, index) => item?.index === index)).toBe(true);
  });

  it('honours maxContentsPerRequest for a model without a documented element cap (50 at 7 per request: 8 requests)', async () => {
    const { emulator, client } = await start();
    const result = await embedMultimodalMany(client, { model: 'tongyi-embedding-vision-flash', input: items(50), maxContentsPerRequest: 7 });
    expect(emulator.stats().models['tongyi-embedding-vision-flash']).toMatchObject({ accepted: 8, items: 50 });
    expect(result.dimension).toBe(768);
  });

  it('retries failed requests so that no element is lost', async () => {
    const { client } = await start({ faults: { sequence: ['500', '429', 'ok', 'ok', 'ok'] } });
    const result = await embedMultimodalMany(client, { model: 'qwen3-vl-embedding', input: items(50), concurrency: 1, dimension: 256 });
    expect(result.failures).toEqual([]);
    expect(result.embeddings.filter(Boolean)).toHaveLength(50);
    expect(result.stats.retries).toBe(2);
  });

  it('reports the elements of a request that still fails by index and keeps every other vector', async () => {
    const { client } = await start({ faults: { sequence: ['ok', '500', 'ok'] } });
    const result = await embedMultimodalMany(client, { model: 'qwen3-vl-embedding', input: items(50), concurrency: 1, maxAttempts: 1, dimension: 256 });
    expect(result.failures.map((failure) => failure.index)).toEqual(Array.from({ length: 20 }, (_, n) => 20 + n));
    result.embeddings.forEach((item, index) => expect(item === undefined).toBe(index >= 20 && index < 40));
  });

  it('refuses a bad element before any request, naming its index', async () => {
    const { emulator, client } = await start();
    const input = items(50);
    input[37] = { image: `data:image/png;base64,${Buffer.alloc(6 * 1024 * 1024).toString('base64')}` };
    const error = await embedMultimodalMany(client, { model: 'qwen3-vl-embedding', input }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).param).toBe('input[37].image');
    expect(emulator.stats().totals.requests).toBe(0);
  });
});
