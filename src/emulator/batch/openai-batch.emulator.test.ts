import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, type EmulatorServer } from '../index.js';

let server: EmulatorServer;

beforeAll(async () => {
  server = await createEmulator({ seed: 11, batch: { validatingMs: 20, lineMs: 5, finalizingMs: 20 } }).serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});

async function runBatch(endpoint: '/v1/chat/completions' | '/v1/embeddings', bodies: Record<string, unknown>[]) {
  const openai = new OpenAI({ apiKey: 'sk-test-openai', baseURL: `${server.url}/compatible-mode/v1`, maxRetries: 0 });
  const jsonl = bodies.map((body, index) => JSON.stringify({ custom_id: `r${index}`, method: 'POST', url: endpoint, body })).join('\n');
  const file = await openai.files.create({ file: await toFile(Buffer.from(jsonl), 'input.jsonl'), purpose: 'batch' });
  let batch = await openai.batches.create({ input_file_id: file.id, endpoint, completion_window: '24h' });
  while (!['completed', 'failed', 'expired', 'cancelled'].includes(batch.status)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    batch = await openai.batches.retrieve(batch.id);
  }
  expect(batch.status).toBe('completed');
  const text = await (await openai.files.content(batch.output_file_id ?? '')).text();
  return { openai, batch, lines: text.trim().split('\n').map((line) => JSON.parse(line) as { custom_id: string; response: { status_code: number; body: { choices?: unknown; data?: { embedding: number[] }[] } } }) };
}

describe('the unmodified openai package against the emulated Batch API', () => {
  it('completes files.create, batches.create, polling and files.content for a chat batch', async () => {
    const { openai, batch, lines } = await runBatch('/v1/chat/completions', [
      { model: 'qwen-plus', messages: [{ role: 'user', content: 'Say hello.' }] },
      { model: 'qwen-plus', messages: [{ role: 'user', content: 'Say goodbye.' }] },
    ]);
    expect(batch.request_counts).toEqual({ total: 2, completed: 2, failed: 0 });
    expect(lines.map((line) => line.custom_id).sort()).toEqual(['r0', 'r1']);
    const sync = await openai.chat.completions.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'Say hello.' }] });
    const first = lines.find((line) => line.custom_id === 'r0');
    expect(first?.response.status_code).toBe(200);
    expect(first?.response.body.choices).toEqual(JSON.parse(JSON.stringify(sync.choices)));
  });

  it('completes the same round trip for an embedding batch', async () => {
    const { openai, lines } = await runBatch('/v1/embeddings', [{ model: 'text-embedding-v4', input: 'half-price vectors', dimensions: 512 }]);
    const sync = await openai.embeddings.create({ model: 'text-embedding-v4', input: 'half-price vectors', dimensions: 512, encoding_format: 'float' });
    expect(lines[0]?.response.body.data?.[0]?.embedding).toEqual(sync.data[0]?.embedding);
  });
});
