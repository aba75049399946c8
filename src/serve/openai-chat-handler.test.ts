import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnswerSource } from '../rag/stream-answer.js';
import { startEmulatorServer, type RunningEmulator } from '../test-support/emulator-server.js';
import { startServeCommand, writeServeDocs, type RunningServe } from '../test-support/serve-command-server.js';

let emulator: RunningEmulator;
let serve: RunningServe;
let work: string;
let openai: OpenAI;

beforeAll(async () => {
  emulator = await startEmulatorServer({ seed: 9, latency: { eventIntervalMs: 10 } });
  work = mkdtempSync(join(tmpdir(), 'dsk-serve-openai-'));
  serve = await startServeCommand(['--docs', writeServeDocs(join(work, 'docs')), '--index', join(work, 'index')], { env: emulator.env, cwd: work });
  openai = new OpenAI({ apiKey: 'sk-test-serve-openai', baseURL: `${serve.url}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await serve?.stop();
  await emulator.close();
  rmSync(work, { recursive: true, force: true });
});

const QUESTION = [{ role: 'system' as const, content: 'You are terse.' }, { role: 'user' as const, content: 'How do I publish a scoped package publicly?' }];

describe('POST /v1/chat/completions with the openai npm package', () => {
  it('streams chat.completion.chunks: the answer, its sources block, a stop chunk carrying sources, then usage', async () => {
    const stream = await openai.chat.completions.create({ model: 'qwen-plus', messages: QUESTION, stream: true, stream_options: { include_usage: true } });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((chunk) => chunk.object === 'chat.completion.chunk' && chunk.id === chunks[0]?.id)).toBe(true);
    expect(chunks[0]?.choices[0]?.delta.role).toBe('assistant');
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    const [answer, block] = text.split('\n\nSources:\n');
    expect(answer).toMatch(/--access public.*\[1\]/);
    expect(block).toContain('[1] publish.md — Publishing > Scoped packages\n');
    const stop = chunks.find((chunk) => chunk.choices[0]?.finish_reason === 'stop');
    const sources = (stop as unknown as { sources: AnswerSource[] }).sources;
    expect(sources[0]).toMatchObject({ n: 1, file: 'publish.md', cited: true, text: expect.stringContaining('npm publish --access public') });
    const last = chunks.at(-1);
    expect(last?.choices).toEqual([]);
    expect(last?.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('answers stream: false with one chat.completion whose content ends with the sources and which carries sources', async () => {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'What does npm ci do?' }] });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('qwen-plus');
    const content = completion.choices[0]?.message.content ?? '';
    expect(content).toMatch(/package-lock\.json.*\[\d\][\s\S]*\n\nSources:\n\[\d\] ci\.md — npm ci > Description\n$/);
    const { sources } = completion as unknown as { sources: AnswerSource[] };
    expect(sources.filter((source) => source.cited).map((source) => source.file)).toContain('ci.md');
    expect(completion.usage).toMatchObject({ prompt_tokens: expect.any(Number), completion_tokens: expect.any(Number), total_tokens: expect.any(Number) });
  });

  it('raises BadRequestError with the server message for a conversation that does not end with a user message', async () => {
    const call = openai.chat.completions.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] });
    await expect(call).rejects.toBeInstanceOf(OpenAI.BadRequestError);
    await expect(call).rejects.toMatchObject({ status: 400, code: 'no_question', param: 'messages.1.role', type: 'invalid_request_error' });
  });

  it('ends a stream whose upstream chat call fails mid-answer with an error event, which openai raises', async () => {
    emulator.emulator.configure({ faults: { sequence: ['error-event-mid-stream'], endpoints: ['chat'] } });
    try {
      const stream = await openai.chat.completions.create({ model: 'qwen-plus', messages: QUESTION, stream: true });
      const received: string[] = [];
      const read = (async () => {
        for await (const chunk of stream) received.push(chunk.choices[0]?.delta.content ?? '');
      })();
      await expect(read).rejects.toBeInstanceOf(OpenAI.APIError);
      await expect(read).rejects.toMatchObject({ type: 'upstream_error' });
      expect(received.join('')).not.toContain('Sources:');
    } finally {
      emulator.emulator.configure({ faults: {} });
    }
  });

  it('lists the server model first in GET /v1/models', async () => {
    const models: string[] = [];
    for await (const model of openai.models.list()) models.push(model.id);
    expect(models[0]).toBe('qwen-plus');
    expect(models).toContain('qwen-turbo');
  });
});
