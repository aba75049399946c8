import { describe, expect, it } from 'vitest';
import { readFixture, readFixtureJson } from '../test-support/fixtures.js';
import { shapeOf, splitSSE } from '../test-support/shape-of.js';
import { PATHS } from '../wire/paths.js';
import { createEmulator } from './create-emulator.js';

const emulator = createEmulator({ seed: 1 });
const KEY = 'sk-test-fixtures';

async function send(path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return emulator.fetch(`https://dashscope.aliyuncs.com${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

function withoutSdkPrintFields(value: Record<string, unknown>): Record<string, unknown> {
  const { status_code: _status, code: _code, message: _message, ...body } = value;
  return body;
}

function sseShapes(transcript: string): { framing: string[][]; shapes: unknown } {
  const events = splitSSE(transcript);
  return {
    framing: [...new Set(events.map((event) => JSON.stringify(event.framing)))].map((framing) => JSON.parse(framing) as string[]),
    shapes: shapeOf(events.map((event) => (event.data === '[DONE]' ? '[DONE]' : JSON.parse(event.data)))),
  };
}

describe('emulator answers to the recorded requests have the recorded shapes', () => {
  it.each([
    ['chat-native-request-message.json', 'chat-native-response-message.json'],
    ['chat-native-request-text-format.json', 'chat-native-response-text-format.json'],
    ['chat-native-request-json-mode.json', 'chat-native-response-json-mode.json'],
    ['chat-native-request-tools.json', 'chat-native-response-tool-calls.json'],
  ])('native text generation: %s gives the shape of %s', async (request, response) => {
    const answer = await send(PATHS.nativeTextGeneration, readFixtureJson(request));
    expect(answer.status).toBe(200);
    expect(shapeOf(await answer.json())).toEqual(shapeOf(readFixtureJson(response)));
  });

  it('native multimodal generation: multimodal-native-request-vl.json gives the shape of multimodal-native-response-vl.json', async () => {
    const answer = await send(PATHS.nativeMultimodalGeneration, readFixtureJson('multimodal-native-request-vl.json'));
    expect(answer.status).toBe(200);
    expect(shapeOf(await answer.json())).toEqual(shapeOf(readFixtureJson('multimodal-native-response-vl.json')));
  });

  it('native SSE: chat-native-request-stream-text-format.json gives the framing and event shapes of chat-native-stream-text-incremental.sse', async () => {
    const answer = await send(PATHS.nativeTextGeneration, readFixtureJson('chat-native-request-stream-text-format.json'), { 'X-DashScope-SSE': 'enable' });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/event-stream');
    expect(sseShapes(await answer.text())).toEqual(sseShapes(readFixture('chat-native-stream-text-incremental.sse')));
  });

  it('compatible SSE: chat-compatible-request-stream-include-usage.json gives the framing and chunk shapes of chat-compatible-stream-include-usage.sse', async () => {
    const answer = await send(PATHS.compatibleChat, readFixtureJson('chat-compatible-request-stream-include-usage.json'));
    expect(answer.status).toBe(200);
    const transcript = await answer.text();
    expect(sseShapes(transcript)).toEqual(sseShapes(readFixture('chat-compatible-stream-include-usage.sse')));
    expect(splitSSE(transcript).at(-1)?.data).toBe('[DONE]');
  });

  it('native embedding: embedding-native-request-v2.json gives the shape of embedding-native-response-v2.json', async () => {
    const answer = await send(PATHS.nativeTextEmbedding, readFixtureJson('embedding-native-request-v2.json'));
    const body = (await answer.json()) as { output: { embeddings: { embedding: number[] }[] } };
    expect(shapeOf(body)).toEqual(shapeOf(readFixtureJson('embedding-native-response-v2.json')));
    expect(body.output.embeddings[0]?.embedding).toHaveLength(1536);
  });

  it('native embedding with output_type dense&sparse has the shape of embedding-native-sdkprint-dense-sparse-doc.json without the SDK print fields', async () => {
    const answer = await send(PATHS.nativeTextEmbedding, {
      model: 'text-embedding-v4',
      input: { texts: ['The wind carries sorrow over the hills'] },
      parameters: { output_type: 'dense&sparse' },
    });
    expect(shapeOf(await answer.json())).toEqual(
      shapeOf(withoutSdkPrintFields(readFixtureJson<Record<string, unknown>>('embedding-native-sdkprint-dense-sparse-doc.json'))),
    );
  });

  it('compatible embeddings have the shape of embedding-compatible-response-doc.json', async () => {
    const answer = await send(PATHS.compatibleEmbeddings, {
      model: 'text-embedding-v4',
      input: ['one', 'two', 'three', 'four', 'five', 'six'],
      dimensions: 1024,
      encoding_format: 'float',
    });
    expect(shapeOf(await answer.json())).toEqual(shapeOf(readFixtureJson('embedding-compatible-response-doc.json')));
  });

  it('native tokenizer: tokenizer-native-request.json gives tokenizer-native-response.json, ids and tokens included', async () => {
    const answer = await send(PATHS.nativeTokenizer, readFixtureJson('tokenizer-native-request.json'));
    const body = (await answer.json()) as Record<string, unknown>;
    const recorded = readFixtureJson<Record<string, unknown>>('tokenizer-native-response.json');
    expect(shapeOf(body)).toEqual(shapeOf(recorded));
    expect(body['output']).toEqual(recorded['output']);
    expect(body['usage']).toEqual(recorded['usage']);
  });

  it('native error: error-native-invalid-parameter-400.request.json gives error-native-invalid-parameter-400.json with status 400', async () => {
    const answer = await send(PATHS.nativeTextGeneration, readFixtureJson('error-native-invalid-parameter-400.request.json'));
    expect(answer.status).toBe(400);
    const body = (await answer.json()) as Record<string, unknown>;
    const recorded = readFixtureJson<Record<string, unknown>>('error-native-invalid-parameter-400.json');
    expect(shapeOf(body)).toEqual(shapeOf(recorded));
    expect(body['code']).toBe(recorded['code']);
    expect(body['message']).toBe(recorded['message']);
  });

  it.each([
    [PATHS.nativeTextGeneration, 'error-native-invalid-api-key-401.json'],
    [PATHS.nativeTextRerank, 'error-native-invalid-api-key-rerank-doc.json'],
  ])('native auth: a wrong key on %s gives %s with status 401', async (path, response) => {
    const guarded = createEmulator({ apiKeys: ['sk-test-right'] });
    const answer = await guarded.fetch(`https://dashscope.aliyuncs.com${path}`, {
      method: 'POST',
      headers: { authorization: 'Bearer sk-test-wrong', 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(401);
    const body = (await answer.json()) as Record<string, unknown>;
    const recorded = readFixtureJson<Record<string, unknown>>(response);
    expect(shapeOf(body)).toEqual(shapeOf(recorded));
    expect([body['code'], body['message']]).toEqual([recorded['code'], recorded['message']]);
  });

  it('native rerank: rerank-native-request-gte-v2-doc.json gives the shape of rerank-native-response-doc.json, same ranking', async () => {
    const answer = await send(PATHS.nativeTextRerank, readFixtureJson('rerank-native-request-gte-v2-doc.json'));
    const body = (await answer.json()) as { output: { results: { index: number }[] } };
    expect(shapeOf(body)).toEqual(shapeOf(readFixtureJson('rerank-native-response-doc.json')));
    expect(body.output.results.map((result) => result.index)).toEqual([0, 2]);
  });

  it('native rerank: rerank-native-request-qwen3-doc.json gives the shape of rerank-native-sdkprint-qwen3-doc.json without the SDK print fields, same ranking', async () => {
    const answer = await send(PATHS.nativeTextRerank, readFixtureJson('rerank-native-request-qwen3-doc.json'));
    const body = (await answer.json()) as { output: { results: { index: number }[] } };
    expect(shapeOf(body)).toEqual(shapeOf(withoutSdkPrintFields(readFixtureJson('rerank-native-sdkprint-qwen3-doc.json'))));
    expect(body.output.results.map((result) => result.index)).toEqual([0, 2]);
  });

  it.each([['rerank-native-request-qwen3-vl-text-query-doc.json'], ['rerank-native-request-qwen3-vl-image-query-doc.json']])(
    'native multimodal rerank: %s gives the shape of rerank-native-response-doc.json, media documents echoed under their own key',
    async (request) => {
      const sent = readFixtureJson<{ input: { documents: Record<string, string>[] } }>(request);
      const answer = await send(PATHS.nativeTextRerank, sent);
      const body = (await answer.json()) as { output: { results: { index: number; document: Record<string, string> }[] } };
      for (const result of body.output.results) expect(result.document).toEqual(sent.input.documents[result.index]);
      const asText = {
        ...body,
        output: { results: body.output.results.map((result) => ({ ...result, document: { text: Object.values(result.document)[0] } })) },
      };
      expect(shapeOf(asText)).toEqual(shapeOf(readFixtureJson('rerank-native-response-doc.json')));
    },
  );

  it('compatible rerank: rerank-compatible-request-qwen3-doc.json gives the shape of rerank-compatible-response-qwen3-doc.json, same ranking', async () => {
    const answer = await send(PATHS.compatibleRerank, readFixtureJson('rerank-compatible-request-qwen3-doc.json'));
    const body = (await answer.json()) as { results: { index: number }[] };
    expect(shapeOf(body)).toEqual(shapeOf(readFixtureJson('rerank-compatible-response-qwen3-doc.json')));
    expect(body.results.map((result) => result.index)).toEqual([0, 2]);
  });
});
