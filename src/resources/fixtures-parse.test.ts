import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { AuthenticationError, InvalidParameterError, ResponseValidationError } from '../core/errors.js';
import { readFixture, readFixtureJson } from '../test-support/fixtures.js';
import { sendJson, sendSse, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';

let server: LoopbackServer;
let next: { status: number; file: string; sse?: boolean } = { status: 200, file: '' };

function serve(file: string, status = 200): void {
  next = { status, file, sse: file.endsWith('.sse') };
}

function lastBody(): unknown {
  return JSON.parse(server.requests.at(-1)?.body ?? 'null');
}

function client(protocol: 'native' | 'compatible' = 'native'): DashScope {
  return new DashScope({ apiKey: 'sk-test-fixtures', baseURL: server.url, protocol, maxRetries: 0 });
}

beforeAll(async () => {
  server = await startLoopbackServer((_request, response) => {
    const text = readFixture(next.file);
    if (next.sse) sendSse(response, text);
    else sendJson(response, next.status, text);
  });
});

afterAll(async () => {
  await server.close();
});

describe('chat fixtures', () => {
  it('parses a native message-format response and sends the recorded request envelope', async () => {
    serve('chat-native-response-message.json');
    const request = readFixtureJson<{ model: string; input: { messages: never[] }; parameters: Record<string, unknown> }>('chat-native-request-message.json');
    const completion = await client().chat.create({ model: request.model, messages: request.input.messages, ...request.parameters });
    expect(lastBody()).toEqual(request);
    expect(server.requests.at(-1)?.path).toBe('/api/v1/services/aigc/text-generation/generation');
    expect(completion.request_id).toBe('e764bfe3-c0b7-97a0-ae57-cd99e1580960');
    expect(completion.choices[0]?.message.content).toMatch(/^1\+1 等于 2。/);
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ input_tokens: 8, output_tokens: 39, total_tokens: 47 });
  });

  it('parses a text-format response into the same completion shape', async () => {
    serve('chat-native-response-text-format.json');
    const completion = await client().chat.create({ model: 'qwen-max', messages: [{ role: 'user', content: '请问 1+1 是多少？' }] });
    expect(completion.choices[0]?.message.content).toBe('1+1等于2。这是最基本的数学加法运算之一。');
    expect(completion.usage).toEqual({ input_tokens: 16, output_tokens: 14, total_tokens: 30, cached_tokens: 0 });
  });

  it('parses a JSON-mode response', async () => {
    serve('chat-native-response-json-mode.json');
    const request = readFixtureJson<{ model: string; input: { messages: never[] }; parameters: Record<string, unknown> }>('chat-native-request-json-mode.json');
    const completion = await client().chat.create({ model: request.model, messages: request.input.messages, ...request.parameters });
    expect(lastBody()).toEqual(request);
    expect(JSON.parse(completion.choices[0]?.message.content ?? '')).toEqual({ result: 2 });
  });

  it('parses tool calls and sends tools and tool_choice as recorded', async () => {
    serve('chat-native-response-tool-calls.json');
    const request = readFixtureJson<{ model: string; input: { messages: never[] }; parameters: Record<string, unknown> }>('chat-native-request-tools.json');
    const completion = await client().chat.create({ model: request.model, messages: request.input.messages, ...request.parameters });
    expect(lastBody()).toEqual(request);
    const call = completion.choices[0]?.message.tool_calls?.[0];
    expect(call?.id).toBe('call_cec4c19d27624537b583af');
    expect(call?.function.name).toBe('get_current_weather');
    expect(JSON.parse(call?.function.arguments ?? '')).toEqual({ location: '浙江省杭州市' });
    expect(completion.choices[0]?.message.content).toBe('');
  });

  it('sends VL messages to the multimodal endpoint and joins array content', async () => {
    serve('multimodal-native-response-vl.json');
    const request = readFixtureJson<{ model: string; input: { messages: never[] }; parameters: Record<string, unknown> }>('multimodal-native-request-vl.json');
    const completion = await client().chat.create({ model: request.model, messages: request.input.messages, ...request.parameters });
    expect(server.requests.at(-1)?.path).toBe('/api/v1/services/aigc/multimodal-generation/generation');
    expect(lastBody()).toEqual({ ...request, parameters: { result_format: 'message', ...request.parameters } });
    expect(completion.choices[0]?.message.content).toBe('海滩。');
    expect(completion.usage).toEqual({ input_tokens: 3613, output_tokens: 3, total_tokens: 3616, image_tokens: 3577 });
  });

  it('turns a native incremental text stream into deltas and a final completion', async () => {
    serve('chat-native-stream-text-incremental.sse');
    const stream = await client().chat.create({ model: 'qwen-max', messages: [{ role: 'user', content: '请问 1+1 是多少？' }], stream: true });
    const deltas: string[] = [];
    for await (const chunk of stream) deltas.push(chunk.choices[0]?.delta.content ?? '');
    const completion = await stream.finalCompletion();
    expect(server.requests.at(-1)?.headers['x-dashscope-sse']).toBe('enable');
    expect((lastBody() as { parameters: { incremental_output: boolean } }).parameters.incremental_output).toBe(true);
    expect(deltas).toEqual(['1+', '1', '等于', '2。', '']);
    expect(completion.choices[0]?.message.content).toBe('1+1等于2。');
    expect(completion.choices[0]?.finish_reason).toBe('stop');
    expect(completion.usage).toEqual({ input_tokens: 16, output_tokens: 6, total_tokens: 22 });
    expect(completion.request_id).toBe('5b441aa7-0b9c-9fbc-ae0a-e2b212b71eac');
  });

  it('reads a compatible stream to [DONE] with the final usage chunk', async () => {
    serve('chat-compatible-stream-include-usage.sse');
    const request = readFixtureJson<{ model: string; messages: never[] }>('chat-compatible-request-stream-include-usage.json');
    const stream = await client('compatible').chat.create({ model: request.model, messages: request.messages, stream: true });
    const completion = await stream.finalCompletion();
    expect(lastBody()).toEqual(request);
    expect(completion.choices[0]?.message.content).toBe('I am a large-scale language model from Alibaba Cloud, and my name is Qwen.');
    expect(completion.usage).toEqual({ input_tokens: 22, output_tokens: 17, total_tokens: 39 });
    expect(completion.request_id).toBe('chatcmpl-428b414f-fdd4-94c6-b179-8f576ad653a8');
  });
});

describe('embedding fixtures', () => {
  it('parses the recorded text-embedding-v2 response and sends the recorded request', async () => {
    serve('embedding-native-response-v2.json');
    const request = readFixtureJson<{ model: string; input: { texts: string[] }; parameters: { text_type: 'query' } }>('embedding-native-request-v2.json');
    const result = await client().embeddings.create({ model: request.model, input: request.input.texts, text_type: request.parameters.text_type });
    expect(lastBody()).toEqual(request);
    expect(result.embeddings).toHaveLength(1);
    expect(result.embeddings[0]?.embedding).toHaveLength(1536);
    expect(result.embeddings[0]?.embedding?.[0]).toBe(-0.005039233741296242);
    expect(result.dimension).toBe(1536);
    expect(result.usage.total_tokens).toBe(3);
  });

  it('types sparse embeddings from the dense&sparse documentation sample', async () => {
    serve('embedding-native-sdkprint-dense-sparse-doc.json');
    const result = await client().embeddings.create({ model: 'text-embedding-v4', input: '风急天高猿啸哀', output_type: 'sparse' });
    expect(result.embeddings[0]?.sparse_embedding).toEqual([
      { index: 7149, value: 0.829, token: 'wind' },
      { index: 111290, value: 0.9004, token: 'sorrow' },
    ]);
    expect(result.request_id).toBe('1ba94ac8-e058-99bc-9cc1-7fdb37940a46');
  });

  it('rejects the abridged compatible sample whose indexes do not match the inputs', async () => {
    serve('embedding-compatible-response-doc.json');
    const error = await client('compatible')
      .embeddings.create({ model: 'text-embedding-v4', input: ['a', 'b'] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(ResponseValidationError);
    expect((error as ResponseValidationError).issues.join(' ')).toMatch(/text_index 5 at position 1/);
  });
});

describe('rerank fixtures', () => {
  it('sends the documented gte-rerank-v2 request and parses the native response', async () => {
    serve('rerank-native-response-doc.json');
    const request = readFixtureJson<{ model: string; input: { query: string; documents: string[] }; parameters: { top_n: number; return_documents: boolean } }>(
      'rerank-native-request-gte-v2-doc.json',
    );
    const result = await client().rerank.create({ model: request.model, ...request.input, ...request.parameters });
    expect(lastBody()).toEqual(request);
    expect(result.results.map((item) => [item.index, item.relevance_score])).toEqual([
      [0, 0.9334521178273196],
      [2, 0.34100082626411193],
    ]);
    expect(result.results[0]?.document?.text).toMatch(/^文本排序模型/);
    expect(result.request_id).toBe('85ba5752-1900-47d2-8896-23f99b13f6e1');
  });

  it('sends qwen3-vl-rerank image queries and mixed documents as documented', async () => {
    serve('rerank-native-response-doc.json');
    const request = readFixtureJson<{ model: string; input: { query: { image: string }; documents: never[] }; parameters: Record<string, number | boolean> }>(
      'rerank-native-request-qwen3-vl-image-query-doc.json',
    );
    await client().rerank.create({ model: request.model, ...request.input, ...request.parameters });
    expect(lastBody()).toEqual(request);
  });

  it('sends the flat compatible qwen3-rerank request and reads the id as request_id', async () => {
    serve('rerank-compatible-response-qwen3-doc.json');
    const request = readFixtureJson<{ model: string; query: string; documents: string[]; top_n: number; instruct: string }>('rerank-compatible-request-qwen3-doc.json');
    const result = await client('compatible').rerank.create(request);
    expect(server.requests.at(-1)?.path).toBe('/compatible-api/v1/reranks');
    expect(lastBody()).toEqual(request);
    expect(result.request_id).toBe('85ba5752-1900-47d2-8896-23f99b13f6e1');
    expect(result.usage.total_tokens).toBe(79);
    expect(result.results).toHaveLength(2);
  });

  it('tolerates extra top-level fields in a native response', async () => {
    serve('rerank-native-sdkprint-qwen3-doc.json');
    const request = readFixtureJson<{ model: string; input: { query: string; documents: string[] }; parameters: { top_n: number; return_documents: boolean } }>(
      'rerank-native-request-qwen3-doc.json',
    );
    const result = await client().rerank.create({ model: request.model, ...request.input, ...request.parameters });
    expect(lastBody()).toEqual(request);
    expect(result.results[1]?.index).toBe(2);
  });
});

describe('tokenizer fixtures', () => {
  it('sends the recorded tokenizer request and reads ids and tokens', async () => {
    serve('tokenizer-native-response.json');
    const request = readFixtureJson<{ model: string; input: { messages: never[] } }>('tokenizer-native-request.json');
    const result = await client().tokenization.create({ model: request.model, messages: request.input.messages });
    expect(lastBody()).toEqual({ model: request.model, input: request.input });
    expect(result.token_ids).toEqual([46100, 101933, 99489]);
    expect(result.tokens).toEqual(['代码', '改变', '世界']);
    expect(result.usage.input_tokens).toBe(3);
  });
});

describe('error fixtures', () => {
  it('maps the recorded 401 to AuthenticationError with its request id', async () => {
    serve('error-native-invalid-api-key-401.json', 401);
    const error = await client()
      .chat.create({ model: 'qwen-max', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect(error).toMatchObject({ status: 401, code: 'InvalidApiKey', requestId: 'a1c0561c-1dfe-98a6-a62f-983577b8bc5e', isRetryable: false });
  });

  it('maps the recorded 400 to InvalidParameterError', async () => {
    serve('error-native-invalid-parameter-400.json', 400);
    const error = await client()
      .chat.create({ model: 'qwen-max', messages: [{ role: 'user', content: 'hi' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(InvalidParameterError);
    expect((error as InvalidParameterError).message).toContain('Role must be user or assistant');
  });

  it('maps the documented rerank 401 body', async () => {
    serve('error-native-invalid-api-key-rerank-doc.json', 401);
    const error = await client()
      .rerank.create({ model: 'gte-rerank-v2', query: 'q', documents: ['d'] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).requestId).toBe('fb53c4ec-1c12-4fc4-a580-cdb7c3261fc1');
  });
});
