import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DashScope, type ClientOptions } from '../client.js';
import { InputValidationError } from '../core/errors.js';
import type { RequestOptions } from '../core/request-options.js';
import { createEmulator, type Emulator, type EmulatorServer } from '../emulator/index.js';
import { embedMany } from '../production/embed-many.js';
import { buildBatchInput } from '../resources/batches/build-batch-input.js';
import { rerankMany } from '../production/rerank-many.js';

const KEY = 'sk-test-bad-input';
let emulator: Emulator;
let server: EmulatorServer;

beforeAll(async () => {
  emulator = createEmulator({ seed: 3, apiKeys: [KEY] });
  server = await emulator.serve({ host: '127.0.0.1', port: 0 });
});
afterAll(async () => {
  await server.close();
});
beforeEach(() => emulator.reset());

function client(options: ClientOptions = {}): DashScope {
  return new DashScope({ apiKey: KEY, baseURL: server.url, maxRetries: 0, ...options });
}

const user = [{ role: 'user' as const, content: 'What does npm publish do?' }];
const words = (count: number) => Array.from({ length: count }, (_, index) => `word${index % 97}`).join(' ');
const overEmbeddingLimit = words(9_000);
const overQwenMaxWindow = words(36_000);
const optionsFor = (options: RequestOptions) => () => client().embeddings.create({ model: 'text-embedding-v4', input: 'a' }, options);

type Case = [name: string, param: string | RegExp, call: () => unknown];

const clientOptionCases: Case[] = [
  ['timeout -1', 'timeout', () => client({ timeout: -1 })],
  ['timeout 0', 'timeout', () => client({ timeout: 0 })],
  ['timeout NaN', 'timeout', () => client({ timeout: Number.NaN })],
  ['timeout Infinity', 'timeout', () => client({ timeout: Number.POSITIVE_INFINITY })],
  ['timeout as a string', 'timeout', () => client({ timeout: '1000' as never })],
  ['timeout past setTimeout’s ceiling', 'timeout', () => client({ timeout: 2 ** 31 })],
  ['streamIdleTimeout 0', 'streamIdleTimeout', () => client({ streamIdleTimeout: 0 })],
  ['streamTimeout -5', 'streamTimeout', () => client({ streamTimeout: -5 })],
  ['maxRetries -1', 'maxRetries', () => client({ maxRetries: -1 })],
  ['maxRetries NaN', 'maxRetries', () => client({ maxRetries: Number.NaN })],
  ['maxRetries 1.5', 'maxRetries', () => client({ maxRetries: 1.5 })],
  ['maxResponseBytes 0', 'maxResponseBytes', () => client({ maxResponseBytes: 0 })],
  ['maxEventBytes -1', 'maxEventBytes', () => client({ maxEventBytes: -1 })],
  ['protocol grpc', 'protocol', () => client({ protocol: 'grpc' as never })],
  ['non-ASCII API key', 'apiKey', () => client({ apiKey: 'sk-test-“quoted”' })],
  ['API key with a line break', 'apiKey', () => client({ apiKey: 'sk-test-abc\n' })],
  ['API key with a space', 'apiKey', () => client({ apiKey: 'sk-test abc' })],
  ['API key as a number', 'apiKey', () => client({ apiKey: 42 as never })],
  ['unknown region', 'region', () => client({ region: 'mars-1', baseURL: undefined })],
  ['baseURL that is not a URL', 'baseURL', () => client({ baseURL: 'not a url' })],
  ['baseURL with ftp', 'baseURL', () => client({ baseURL: 'ftp://127.0.0.1' })],
  ['plain http to a remote host', 'baseURL', () => client({ baseURL: 'http://dashscope.example.com' })],
  ['fetch that is not a function', 'fetch', () => client({ fetch: 'fetch' as never })],
  ['defaultHeaders with a non-Latin-1 value', 'defaultHeaders.x-team', () => client({ defaultHeaders: { 'x-team': '团队' } })],
  ['defaultHeaders with a bad name', 'defaultHeaders.bad name', () => client({ defaultHeaders: { 'bad name': 'x' } })],
  ['workspace with a space', 'workspace', () => client({ workspace: 'llm ws' })],
  ['dataInspection as a number', 'dataInspection', () => client({ dataInspection: 1 as never })],
];

const requestOptionCases: Case[] = [
  ['per-call timeout 0', 'timeout', optionsFor({ timeout: 0 })],
  ['per-call timeout -1', 'timeout', optionsFor({ timeout: -1 })],
  ['per-call maxRetries -1', 'maxRetries', optionsFor({ maxRetries: -1 })],
  ['per-call maxRetries NaN', 'maxRetries', optionsFor({ maxRetries: Number.NaN })],
  ['per-call streamIdleTimeout NaN', 'streamIdleTimeout', optionsFor({ streamIdleTimeout: Number.NaN })],
  ['per-call signal that is not an AbortSignal', 'signal', optionsFor({ signal: {} as never })],
  ['per-call header with CR LF', 'headers.x-a', optionsFor({ headers: { 'x-a': 'b\r\nx-injected: 1' } })],
  ['per-call options as a string', 'options', optionsFor('fast' as never)],
  ['stream call with streamTimeout 0', 'streamTimeout', () => client().chat.create({ model: 'qwen-plus', messages: user, stream: true }, { streamTimeout: 0 })],
];

const chatCases: Case[] = [
  ['chat params null', 'params', () => client().chat.create(null as never)],
  ['chat params a string', 'params', () => client().chat.create('hello' as never)],
  ['chat without a model', 'model', () => client().chat.create({ messages: user } as never)],
  ['chat with a numeric model', 'model', () => client().chat.create({ model: 7 as never, messages: user })],
  ['chat with an embedding model', 'model', () => client().chat.create({ model: 'text-embedding-v4', messages: user })],
  ['chat with a rerank model', 'model', () => client().chat.create({ model: 'qwen3-rerank', messages: user })],
  ['chat with no messages', 'messages', () => client().chat.create({ model: 'qwen-plus', messages: [] })],
  ['chat with messages as a string', 'messages', () => client().chat.create({ model: 'qwen-plus', messages: 'hi' as never })],
  ['chat with a null message', 'messages[0]', () => client().chat.create({ model: 'qwen-plus', messages: [null as never] })],
  ['chat with an unknown role', 'messages[0].role', () => client().chat.create({ model: 'qwen-plus', messages: [{ role: 'robot' as never, content: 'x' }] })],
  ['chat with content 123', 'messages[0].content', () => client().chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 123 as never }] })],
  ['chat with content an object', 'messages[0].content', () => client().chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: { text: 'x' } as never }] })],
  ['chat with a part that is a string', 'messages[0].content[0]', () => client().chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: ['x' as never] }] })],
  ['chat with an unknown part type', 'messages[0].content[0]', () => client().chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: [{ pdf: 'x' } as never] }] })],
  ['chat with an audio part on the compatible protocol', 'messages[0].content[0]', () => client({ protocol: 'compatible' }).chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: [{ audio: 'https://x/a.wav' }] }] })],
  ['chat temperature 2', 'temperature', () => client().chat.create({ model: 'qwen-plus', messages: user, temperature: 2 })],
  ['chat top_p 0', 'top_p', () => client().chat.create({ model: 'qwen-plus', messages: user, top_p: 0 })],
  ['chat seed -1', 'seed', () => client().chat.create({ model: 'qwen-plus', messages: user, seed: -1 })],
  ['chat presence_penalty 3', 'presence_penalty', () => client().chat.create({ model: 'qwen-plus', messages: user, presence_penalty: 3 })],
  ['chat stream as a string', 'stream', () => client().chat.create({ model: 'qwen-plus', messages: user, stream: 'yes' as never })],
  ['chat protocol grpc', 'protocol', () => client().chat.create({ model: 'qwen-plus', messages: user, protocol: 'grpc' as never })],
  ['chat enable_thinking as a string', 'enable_thinking', () => client().chat.create({ model: 'qwen-plus', messages: user, enable_thinking: 'true' as never })],
  ['logprobs as a string', 'logprobs', () => client().chat.create({ model: 'qwen-plus', messages: user, logprobs: 'yes' as never })],
  ['top_logprobs 6', 'top_logprobs', () => client().chat.create({ model: 'qwen-plus', messages: user, logprobs: true, top_logprobs: 6 })],
  ['json_object without "json" in the prompt, compatible', 'messages', () =>
    client({ protocol: 'compatible' }).chat.create({ model: 'qwen-plus', messages: user, response_format: { type: 'json_object' } })],
  ['json_schema without a schema', 'response_format.json_schema.schema', () =>
    client().chat.create({ model: 'qwen-plus', messages: user, response_format: { type: 'json_schema', json_schema: { name: 'answer' } } as never })],
  ['json_schema with enable_thinking true', 'response_format', () =>
    client().chat.create({ model: 'qwen-plus', messages: user, enable_thinking: true, response_format: { type: 'json_schema', json_schema: { name: 'a', schema: { type: 'object' } } } })],
  ['a 17 MiB chat body to a model the catalog does not know', 'body', () =>
    client().chat.create({ model: 'qwen9-future', messages: [{ role: 'user', content: 'a'.repeat(17 * 1024 * 1024) }] })],
  ['enable_thinking true on qwen-max', 'enable_thinking', () => client().chat.create({ model: 'qwen-max', messages: user, enable_thinking: true })],
  ['enable_thinking true on qwen-vl-plus, streamed', 'enable_thinking', () => client().chat.create({ model: 'qwen-vl-plus', messages: user, enable_thinking: true, stream: true })],
  ['a prompt over qwen-max’s context window', 'messages', () => client().chat.create({ model: 'qwen-max', messages: [{ role: 'user', content: overQwenMaxWindow }] })],
  ['a 104,000-token prompt to qwen-turbo (max input 98,304)', 'messages', () => client().chat.create({ model: 'qwen-turbo', messages: [{ role: 'user', content: overQwenMaxWindow }] })],
  ['chat endpoint that does not exist', 'endpoint', () => client().chat.create({ model: 'qwen-plus', messages: user, endpoint: 'aigc' as never })],
  ['a prompt over the window split over messages, compatible', 'messages', () =>
    client({ protocol: 'compatible' }).chat.create({ model: 'qwen-max', messages: [{ role: 'system', content: overQwenMaxWindow.slice(0, 120_000) }, { role: 'user', content: overQwenMaxWindow.slice(120_000) }] })],
];

const embeddingCases: Case[] = [
  ['embeddings.create(null)', 'params', () => client().embeddings.create(null as never)],
  ['embeddings.create(undefined)', 'params', () => client().embeddings.create(undefined as never)],
  ['embeddings without a model', 'model', () => client().embeddings.create({ input: 'a' } as never)],
  ['embeddings with a rerank model', 'model', () => client().embeddings.create({ model: 'qwen3-rerank', input: 'a' })],
  ['embeddings with a chat model', 'model', () => client().embeddings.create({ model: 'qwen-plus', input: 'a' })],
  ['embeddings input null', 'input', () => client().embeddings.create({ model: 'text-embedding-v4', input: null as never })],
  ['embeddings input 42', 'input', () => client().embeddings.create({ model: 'text-embedding-v4', input: 42 as never })],
  ['embeddings input []', 'input', () => client().embeddings.create({ model: 'text-embedding-v4', input: [] })],
  ['embeddings empty text', 'input[0]', () => client().embeddings.create({ model: 'text-embedding-v4', input: '' })],
  ['embeddings blank text in a batch', 'input[1]', () => client().embeddings.create({ model: 'text-embedding-v4', input: ['a', ' \n'] })],
  ['embeddings number in a batch', 'input[2]', () => client().embeddings.create({ model: 'text-embedding-v4', input: ['a', 'b', 3 as never] })],
  ['embeddings 11 texts to v4', 'input', () => client().embeddings.create({ model: 'text-embedding-v4', input: Array.from({ length: 11 }, () => 'a') })],
  ['embeddings 26 texts to v2', 'input', () => client().embeddings.create({ model: 'text-embedding-v2', input: Array.from({ length: 26 }, () => 'a') })],
  ['embeddings text_type passage', 'text_type', () => client().embeddings.create({ model: 'text-embedding-v4', input: 'a', text_type: 'passage' as never })],
  ['embeddings text_type on the compatible protocol', 'text_type', () => client({ protocol: 'compatible' }).embeddings.create({ model: 'text-embedding-v4', input: 'a', text_type: 'Query' as never })],
  ['embeddings output_type binary', 'output_type', () => client().embeddings.create({ model: 'text-embedding-v4', input: 'a', output_type: 'binary' as never })],
  ['embeddings dimension 1000', 'dimension', () => client().embeddings.create({ model: 'text-embedding-v4', input: 'a', dimension: 1000 })],
  ['embeddings dimension 0.5', 'dimension', () => client().embeddings.create({ model: 'text-embedding-v4', input: 'a', dimension: 0.5 })],
  ['embeddings dimension on v2', 'dimension', () => client().embeddings.create({ model: 'text-embedding-v2', input: 'a', dimension: 512 })],
  ['embeddings sparse output on compatible', 'output_type', () => client({ protocol: 'compatible' }).embeddings.create({ model: 'text-embedding-v4', input: 'a', output_type: 'sparse' })],
  ['embeddings protocol grpc', 'protocol', () => client().embeddings.create({ model: 'text-embedding-v4', input: 'a', protocol: 'grpc' as never })],
  ['embeddings instruct on v3', 'instruct', () => client().embeddings.create({ model: 'text-embedding-v3', input: 'a', instruct: 'x' })],
  ['embeddings instruct as a number', 'instruct', () => client().embeddings.create({ model: 'text-embedding-v4', input: 'a', instruct: 1 as never })],
  ['a text over v4’s 8,192 tokens', 'input[0]', () => client().embeddings.create({ model: 'text-embedding-v4', input: overEmbeddingLimit })],
  ['a text over the limit second in a batch', 'input[1]', () => client().embeddings.create({ model: 'text-embedding-v3', input: ['short', overEmbeddingLimit] })],
  ['a text over v2’s 2,048 tokens', 'input[0]', () => client().embeddings.create({ model: 'text-embedding-v2', input: words(2_500) })],
];

const rerankCases: Case[] = [
  ['rerank.create(null)', 'params', () => client().rerank.create(null as never)],
  ['rerank without a model', 'model', () => client().rerank.create({ query: 'q', documents: ['a'] } as never)],
  ['rerank with an embedding model', 'model', () => client().rerank.create({ model: 'text-embedding-v4', query: 'q', documents: ['a'] })],
  ['rerank with a chat model', 'model', () => client().rerank.create({ model: 'qwen-plus', query: 'q', documents: ['a'] })],
  ['rerank empty query', 'query', () => client().rerank.create({ model: 'qwen3-rerank', query: ' ', documents: ['a'] })],
  ['rerank query null', 'query', () => client().rerank.create({ model: 'qwen3-rerank', query: null as never, documents: ['a'] })],
  ['rerank image query to a text model', 'query', () => client().rerank.create({ model: 'qwen3-rerank', query: { image: 'https://x/a.png' }, documents: ['a'] })],
  ['rerank documents missing', 'documents', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q' } as never)],
  ['rerank documents []', 'documents', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q', documents: [] })],
  ['rerank empty document', 'documents[1]', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q', documents: ['a', ''] })],
  ['rerank numeric document', 'documents[0]', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q', documents: [5 as never] })],
  ['rerank object document to a text model', 'documents[0]', () => client().rerank.create({ model: 'gte-rerank-v2', query: 'q', documents: [{ text: 'a' }] })],
  ['rerank audio document to qwen3-vl-rerank', 'documents[0]', () => client().rerank.create({ model: 'qwen3-vl-rerank', query: 'q', documents: [{ audio: 'x' } as never] })],
  ['rerank top_n 0', 'top_n', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q', documents: ['a'], top_n: 0 })],
  ['rerank top_n 1.5', 'top_n', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q', documents: ['a'], top_n: 1.5 })],
  ['rerank fps 2', 'fps', () => client().rerank.create({ model: 'qwen3-vl-rerank', query: 'q', documents: ['a'], fps: 2 })],
  ['rerank return_documents "yes"', 'return_documents', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q', documents: ['a'], return_documents: 'yes' as never })],
  ['rerank protocol grpc', 'protocol', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q', documents: ['a'], protocol: 'grpc' as never })],
  ['rerank instruct on gte-rerank-v2', 'instruct', () => client().rerank.create({ model: 'gte-rerank-v2', query: 'q', documents: ['a'], instruct: 'x' })],
  ['rerank 501 documents', 'documents', () => client().rerank.create({ model: 'qwen3-rerank', query: 'q', documents: Array.from({ length: 501 }, () => 'd') })],
  ['rerank 41 images to qwen3-vl-rerank', 'documents', () => client().rerank.create({ model: 'qwen3-vl-rerank', query: 'q', documents: Array.from({ length: 41 }, (_, index) => ({ image: `https://x/${index}.png` })) })],
  ['rerank over gte-rerank-v2’s 30,000-token budget', 'documents', () => client().rerank.create({ model: 'gte-rerank-v2', query: 'q', documents: Array.from({ length: 100 }, () => words(400)) })],
  ['rerank over qwen3-rerank’s budget by the query × documents', 'documents', () => client({ protocol: 'compatible' }).rerank.create({ model: 'qwen3-rerank', query: words(3_000), documents: Array.from({ length: 41 }, () => 'short document') })],
];

const otherCases: Case[] = [
  ['tokenization.create(null)', 'params', () => client().tokenization.create(null as never)],
  ['tokenization without a model', 'model', () => client().tokenization.create({ prompt: 'x' } as never)],
  ['tokenization with both prompt and messages', 'prompt', () => client().tokenization.create({ model: 'qwen-plus', prompt: 'x', messages: user })],
  ['tokenization with an empty prompt', 'prompt', () => client().tokenization.create({ model: 'qwen-plus', prompt: '' })],
  ['tokenization with content 123', 'messages[0].content', () => client().tokenization.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 123 as never }] })],
  ['embedMany with null params', 'model', () => embedMany(client(), null as never)],
  ['embedMany with a rerank model', 'model', () => embedMany(client(), { model: 'qwen3-rerank', input: ['a'] })],
  ['embedMany with a bad text_type', 'text_type', () => embedMany(client(), { model: 'text-embedding-v4', input: ['a'], text_type: 'passage' as never })],
  ['rerankMany with null params', 'params', () => rerankMany(client(), null as never)],
  ['rerankMany with an embedding model', 'model', () => rerankMany(client(), { model: 'text-embedding-v4', query: 'q', documents: ['a'] })],
];

const batchLine = (id: string, model = 'qwen-plus') => ({ custom_id: id, body: { model, messages: user } });
const batchCases: Case[] = [
  ['files.create with null params', 'params', () => client().files.create(null as never)],
  ['files.create without a purpose', 'purpose', () => client().files.create({ file: 'x', purpose: '' })],
  ['files.create with a number as the file', 'file', () => client().files.create({ file: 42 as never, purpose: 'batch' })],
  ['files.retrieve with a path in the id', 'file_id', () => client().files.retrieve('a/b')],
  ['files.content with an empty id', 'file_id', () => client().files.content('')],
  ['files.delete with a query in the id', 'file_id', () => client().files.delete('a?b')],
  ['files.list with a dashed date', 'create_before', () => client().files.list({ create_before: '2026-12-01' })],
  ['files.list with limit 0', 'limit', () => client().files.list({ limit: 0 })],
  ['batches.create with an unknown endpoint', 'endpoint', () => client().batches.create({ input_file_id: 'f', endpoint: '/v1/completions' as never })],
  ['batches.create with a 12h window', 'completion_window', () => client().batches.create({ input_file_id: 'f', endpoint: '/v1/embeddings', completion_window: '12h' })],
  ['batches.create with a 15-day window', 'completion_window', () => client().batches.create({ input_file_id: 'f', endpoint: '/v1/embeddings', completion_window: '15d' })],
  ['batches.create without an input file', 'input_file_id', () => client().batches.create({ input_file_id: '', endpoint: '/v1/embeddings' })],
  ['batches.create with a 101-char ds_name', 'metadata.ds_name', () => client().batches.create({ input_file_id: 'f', endpoint: '/v1/embeddings', metadata: { ds_name: 'n'.repeat(101) } })],
  ['batches.retrieve with a space in the id', 'batch_id', () => client().batches.retrieve('batch 1')],
  ['batches.cancel with an empty id', 'batch_id', () => client().batches.cancel('')],
  ['batches.list with 21 input files', 'input_file_ids', () => client().batches.list({ input_file_ids: Array.from({ length: 21 }, (_, n) => `f${n}`) })],
  ['batches.list with a date-only create_after', 'create_after', () => client().batches.list({ create_after: '20261201' })],
  ['batches.wait with a negative poll interval', 'pollIntervalMs', () => client().batches.wait('batch_1', { pollIntervalMs: -1 })],
  ['a batch input with a repeated custom_id', 'custom_id', () => buildBatchInput('/v1/chat/completions', [batchLine('a'), batchLine('a')])],
  ['a batch input with two models', 'body.model', () => buildBatchInput('/v1/chat/completions', [batchLine('a'), batchLine('b', 'qwen-max')])],
];

const cases = [...clientOptionCases, ...requestOptionCases, ...chatCases, ...embeddingCases, ...rerankCases, ...otherCases, ...batchCases];

describe('bad input is refused before anything is sent', () => {
  it('covers at least 80 bad inputs', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  it.each(cases)('%s: a typed InputValidationError naming %s, zero requests', async (_name, param, call) => {
    const error = await (async () => call())().then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(InputValidationError);
    const refusal = error as InputValidationError;
    if (typeof param === 'string') expect(refusal.param).toBe(param);
    else expect(refusal.param).toMatch(param);
    expect(refusal.message.length).toBeGreaterThan(10);
    expect(refusal.message).not.toContain(KEY);
    expect(emulator.stats().totals.requests).toBe(0);
  });
});

describe('what the checks must not refuse', () => {
  it('reports measured sizes and limits on the refusal', async () => {
    const tokens = await client().embeddings.create({ model: 'text-embedding-v4', input: overEmbeddingLimit }).catch((caught: InputValidationError) => caught);
    expect(tokens).toMatchObject({ param: 'input[0]', limit: 8_192 });
    expect((tokens as InputValidationError).value).toBeGreaterThan(8_192);
    const budget = await client().rerank.create({ model: 'gte-rerank-v2', query: 'q', documents: Array.from({ length: 100 }, () => words(400)) }).catch((caught: InputValidationError) => caught);
    expect(budget).toMatchObject({ param: 'documents', limit: 30_000 });
    const turbo = await client().chat.create({ model: 'qwen-turbo', messages: [{ role: 'user', content: overQwenMaxWindow }] }).catch((caught: InputValidationError) => caught);
    expect(turbo).toMatchObject({ param: 'messages', limit: 98_304 });
    const key = (() => {
      try {
        client({ apiKey: 'sk-test-ünïcode' });
      } catch (caught) {
        return caught as InputValidationError;
      }
    })();
    expect(key).toMatchObject({ param: 'apiKey', value: '[redacted]', limit: 'printable ASCII' });
    expect(key?.message).not.toContain('ünïcode');
    expect(emulator.stats().totals.requests).toBe(0);
  });

  it('sends enable_thinking: false to a model that cannot think, a long text within the limit, and unknown models', async () => {
    const plain = await client().chat.create({ model: 'qwen-max', messages: user, enable_thinking: false });
    expect(plain.choices[0]?.message.content).toBeTruthy();
    const long = await client().embeddings.create({ model: 'text-embedding-v4', input: words(1_500) });
    expect(long.embeddings).toHaveLength(1);
    await client().embeddings.create({ model: 'my-new-embedding', input: overEmbeddingLimit }).catch(() => undefined);
    await client().chat.create({ model: 'qwen9-future', messages: user, enable_thinking: true }).catch(() => undefined);
    expect(emulator.stats().totals.requests).toBe(4);
  });

  it('lets rerankMany spread documents the single call refuses over several requests', async () => {
    const documents = Array.from({ length: 100 }, (_, index) => `${words(400)} ${index}`);
    const result = await rerankMany(client(), { model: 'gte-rerank-v2', query: 'word3', documents });
    expect(result.results).toHaveLength(100);
    expect(result.stats.subRequests).toBeGreaterThan(1);
  });
});
