import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InputValidationError, InvalidParameterError } from '../../core/errors.js';
import { createEmulator, type Emulator } from '../../emulator/index.js';
import type { EmulatorServer } from '../../emulator/serve-emulator.js';
import { readFixtureJson } from '../../test-support/fixtures.js';
import { preloadTokenizer } from '../../tokenizer/load-tokenizer.js';
import { PATHS } from '../../wire/paths.js';
import type { MultimodalContent } from '../../wire/multimodal-embeddings.js';

let emulator: Emulator;
let server: EmulatorServer;
let client: DashScope;

const dataUri = (bytes: number, fill = 7) => `data:image/png;base64,${Buffer.alloc(bytes, fill).toString('base64')}`;
const cosine = (left: number[], right: number[]) => left.reduce((sum, value, index) => sum + value * right[index]!, 0);
const norm = (vector: number[]) => Math.sqrt(cosine(vector, vector));

beforeAll(async () => {
  await preloadTokenizer();
  emulator = createEmulator({ seed: 9 });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
  client = new DashScope({ apiKey: 'sk-test-multimodal', baseURL: server.url, maxRetries: 0 });
});

afterAll(async () => {
  await server.close();
});

describe('client.multimodalEmbeddings against the emulator over loopback', () => {
  it('embeds a text, an image URL, a base64 image and a video URL into unit vectors of the requested dimension, in element order', async () => {
    const result = await client.multimodalEmbeddings.create({
      model: 'qwen3-vl-embedding',
      input: {
        contents: [
          { text: 'red bicycle' },
          { image: 'https://example.com/photos/red-bicycle.jpg' },
          { image: dataUri(600) },
          { video: 'https://example.com/clips/blue-whale.mp4' },
        ],
      },
      parameters: { dimension: 512 },
    });
    expect(result.embeddings.map((item) => [item.index, item.type, item.embedding.length])).toEqual([
      [0, 'text', 512],
      [1, 'image', 512],
      [2, 'image', 512],
      [3, 'video', 512],
    ]);
    expect(result.dimension).toBe(512);
    for (const item of result.embeddings) expect(norm(item.embedding)).toBeCloseTo(1, 5);
    const [text, bike, bytes, whale] = result.embeddings.map((item) => item.embedding);
    expect(cosine(text!, bike!)).toBeGreaterThan(0.6);
    expect(cosine(text!, whale!)).toBeLessThan(0.3);
    expect(cosine(text!, bytes!)).toBeLessThan(0.3);
    expect(result.usage.image_tokens).toBeGreaterThan(0);
    expect(result.usage.input_tokens).toBeGreaterThan(result.usage.image_tokens);
    expect(result.request_id).not.toBe('');
  });

  it('gives the same vector for the same element every time, and a different one for other image bytes', async () => {
    const contents: MultimodalContent[] = [{ image: dataUri(300, 1) }, { image: dataUri(300, 1) }, { image: dataUri(300, 2) }, { text: 'harbour at dusk' }];
    const first = await client.multimodalEmbeddings.create({ model: 'tongyi-embedding-vision-plus', input: { contents } });
    const second = await client.multimodalEmbeddings.create({ model: 'tongyi-embedding-vision-plus', input: { contents } });
    expect(second.embeddings).toEqual(first.embeddings);
    expect(first.embeddings[1]!.embedding).toEqual(first.embeddings[0]!.embedding);
    expect(cosine(first.embeddings[2]!.embedding, first.embeddings[0]!.embedding)).toBeLessThan(0.5);
  });

  it('uses the model default dimension when none is sent (tongyi-embedding-vision-plus: 1152) and honours another allowed one', async () => {
    const plain = await client.multimodalEmbeddings.create({ model: 'tongyi-embedding-vision-plus', input: { contents: [{ text: 'kite' }] } });
    expect(plain.dimension).toBe(1152);
    const small = await client.multimodalEmbeddings.create({
      model: 'tongyi-embedding-vision-flash',
      input: { contents: [{ text: 'kite' }] },
      parameters: { dimension: 64 },
    });
    expect(small.embeddings[0]!.embedding).toHaveLength(64);
  });

  it('fuses all elements into one vector with enable_fusion, close to its parts but equal to none', async () => {
    const contents: MultimodalContent[] = [{ text: 'green lantern festival' }, { image: 'https://example.com/green-lantern.png' }];
    const parts = await client.multimodalEmbeddings.create({ model: 'qwen3-vl-embedding', input: { contents }, parameters: { dimension: 256 } });
    const fused = await client.multimodalEmbeddings.create({
      model: 'qwen3-vl-embedding',
      input: { contents },
      parameters: { dimension: 256, enable_fusion: true },
    });
    expect(fused.fused).toBe(true);
    expect(fused.embeddings).toHaveLength(1);
    const vector = fused.embeddings[0]!.embedding;
    expect(norm(vector)).toBeCloseTo(1, 5);
    for (const part of parts.embeddings) {
      expect(cosine(vector, part.embedding)).toBeGreaterThan(0.3);
      expect(cosine(vector, part.embedding)).toBeLessThan(0.95);
    }
    const single = await client.multimodalEmbeddings.create({
      model: 'qwen3-vl-embedding',
      input: { contents: [contents[0]!] },
      parameters: { dimension: 256, enable_fusion: true },
    });
    expect(single.embeddings[0]!.embedding).not.toEqual(parts.embeddings[0]!.embedding);
  });

  it.each([
    ['21 elements to qwen3-vl-embedding', { model: 'qwen3-vl-embedding', input: { contents: Array.from({ length: 21 }, (_, n) => ({ text: `item ${n}` })) } }, 'input.contents'],
    ['two images to qwen2.5-vl-embedding', { model: 'qwen2.5-vl-embedding', input: { contents: [{ image: 'https://x.test/a.jpg' }, { image: 'https://x.test/b.jpg' }] } }, 'input.contents'],
    ['a 6 MB base64 image to qwen3-vl-embedding', { model: 'qwen3-vl-embedding', input: { contents: [{ image: dataUri(6 * 1024 * 1024) }] } }, 'input.contents[0].image'],
    ['a 4 MB base64 image to tongyi-embedding-vision-plus', { model: 'tongyi-embedding-vision-plus', input: { contents: [{ image: dataUri(4 * 1024 * 1024) }] } }, 'input.contents[0].image'],
    ['a broken base64 payload', { model: 'qwen3-vl-embedding', input: { contents: [{ image: 'data:image/png;base64,@@@@' }] } }, 'input.contents[0].image'],
    ['dimension 1152 to qwen3-vl-embedding', { model: 'qwen3-vl-embedding', input: { contents: [{ text: 'a' }] }, parameters: { dimension: 1152 } }, 'parameters.dimension'],
    ['enable_fusion to tongyi-embedding-vision-plus', { model: 'tongyi-embedding-vision-plus', input: { contents: [{ text: 'a' }] }, parameters: { enable_fusion: true } }, 'parameters.enable_fusion'],
    ['an element with two keys', { model: 'qwen3-vl-embedding', input: { contents: [{ text: 'a', image: 'https://x.test/a.jpg' }] } }, 'input.contents[0]'],
    ['empty contents', { model: 'qwen3-vl-embedding', input: { contents: [] } }, 'input.contents'],
    ['protocol compatible', { model: 'qwen3-vl-embedding', input: { contents: [{ text: 'a' }] }, protocol: 'compatible' }, 'protocol'],
    ['a text embedding model', { model: 'text-embedding-v4', input: { contents: [{ text: 'a' }] } }, 'model'],
    ['a text of 3,000 tokens to tongyi-embedding-vision-flash', { model: 'tongyi-embedding-vision-flash', input: { contents: [{ text: 'lantern harbour '.repeat(1_500) }] } }, 'input.contents[0].text'],
  ])('refuses %s before sending anything', async (_label, params, param) => {
    const before = emulator.stats().totals.requests;
    const error = await client.multimodalEmbeddings.create(params as never).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InputValidationError);
    expect((error as InputValidationError).param).toBe(param);
    expect(emulator.stats().totals.requests).toBe(before);
  });

  it('the emulator itself answers over-cap requests with 400 InvalidParameter, as an SDK without checks would see', async () => {
    const response = await fetch(`${server.url}${PATHS.nativeMultimodalEmbedding}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-multimodal', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen3-vl-embedding', input: { contents: Array.from({ length: 21 }, () => ({ text: 'x' })) } }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'InvalidParameter', message: expect.stringContaining('should not be larger than 20') });
    const unchecked = new DashScope({ apiKey: 'sk-test-multimodal', baseURL: server.url, maxRetries: 0 });
    const body = { model: 'qwen3-vl-embedding', input: { contents: [{ text: 'a' }] }, parameters: { dimension: 100 } };
    const raw = await fetch(`${server.url}${PATHS.nativeMultimodalEmbedding}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-multimodal', 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(raw.status).toBe(400);
    await expect(unchecked.multimodalEmbeddings.create({ model: 'not-in-catalog-vl', input: { contents: [{ text: 'a' }] } })).rejects.toBeInstanceOf(InvalidParameterError);
  });

  it('the compatible embeddings endpoint rejects a multimodal model with 404 model_not_supported', async () => {
    const response = await fetch(`${server.url}${PATHS.compatibleEmbeddings}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-multimodal', 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'qwen3-vl-embedding', input: 'a red bicycle' }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ error: { code: 'model_not_supported' } });
  });

  it('answers the documented request body (tongyi-embedding-vision-plus, text + image + video) with three 1152-dim vectors', async () => {
    const body = readFixtureJson<{ model: string; input: { contents: MultimodalContent[] } }>('multimodal-embedding-native-request-doc.json');
    const result = await client.multimodalEmbeddings.create(body);
    expect(result.embeddings.map((item) => [item.type, item.embedding.length])).toEqual([
      ['text', 1152],
      ['image', 1152],
      ['video', 1152],
    ]);
  });
});
