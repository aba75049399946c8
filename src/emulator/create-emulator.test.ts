import { describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { decodeSSE } from '../core/sse.js';
import { countTokens } from '../tokenizer/index.js';
import { PATHS } from '../wire/paths.js';
import { createEmulator, type Emulator } from './create-emulator.js';
import { lexicalEmbedding } from './lexical-embedding.js';
import { URL_ERROR_MESSAGE } from './native-chat-call.js';

const KEY = 'sk-test-emulator';

function post(emulator: Emulator, path: string, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return emulator.fetch(`https://dashscope-intl.aliyuncs.com${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function events(response: Response): Promise<{ event?: string; status?: number; data: Record<string, any> | string }[]> {
  const collected = [];
  for await (const event of decodeSSE(response.body!)) {
    collected.push({ ...event, data: event.data === '[DONE]' ? event.data : JSON.parse(event.data) });
  }
  return collected;
}

const embedding = (texts: unknown, parameters: Record<string, unknown> = {}, model = 'text-embedding-v4') => ({ model, input: { texts }, parameters });

describe('createEmulator validation', () => {
  const emulator = createEmulator({ seed: 3 });

  it('answers an unknown model with 400 InvalidParameter "Model not exist." natively and 404 model_not_found in compatible mode', async () => {
    const native = await post(emulator, PATHS.nativeTextEmbedding, embedding(['a'], {}, 'text-embedding-v9'));
    expect(native.status).toBe(400);
    expect(await native.json()).toMatchObject({ code: 'InvalidParameter', message: 'Model not exist.' });
    const compatible = await post(emulator, PATHS.compatibleEmbeddings, { model: 'text-embedding-v9', input: 'a' });
    expect(compatible.status).toBe(404);
    expect(await compatible.json()).toMatchObject({ error: { code: 'model_not_found', type: 'invalid_request_error', param: null } });
  });

  it('rejects a batch over the model cap with DashScope message in both envelopes', async () => {
    const native = await post(emulator, PATHS.nativeTextEmbedding, embedding(Array(11).fill('x')));
    expect(native.status).toBe(400);
    expect(((await native.json()) as { message: string }).message).toBe(
      'Value error, batch size is invalid, it should not be larger than 10.: input.contents',
    );
    const compatible = await post(emulator, PATHS.compatibleEmbeddings, { model: 'text-embedding-v4', input: Array(11).fill('x') });
    expect(await compatible.json()).toMatchObject({
      error: {
        message: '<400> InternalError.Algo.InvalidParameter: Value error, batch size is invalid, it should not be larger than 10.: input.contents',
        type: 'InvalidParameter',
        code: 'InvalidParameter',
      },
    });
  });

  it('rejects a dimension the model does not offer, an output type it lacks, empty input and non-string input', async () => {
    const messages = [];
    for (const body of [
      embedding(['a'], { dimension: 1000 }),
      embedding(['a'], { output_type: 'sparse' }, 'text-embedding-v2'),
      embedding(['']),
      embedding([]),
      embedding([1, 2]),
    ]) {
      const answer = await post(emulator, PATHS.nativeTextEmbedding, body);
      expect(answer.status).toBe(400);
      messages.push(((await answer.json()) as { message: string }).message);
    }
    expect(messages).toEqual([
      'Value error, dimension should be one of [2048, 1536, 1024, 768, 512, 256, 128, 64]: parameters.dimension',
      'Value error, output_type should be one of [dense]: parameters.output_type',
      'Range of input length should be [1, 8192]',
      'Range of input length should be [1, 10]',
      'Value error, contents is neither str nor list of str. : input.contents',
    ]);
  });

  it('rejects texts over the per-text token limit unless told to truncate them', async () => {
    const long = 'word '.repeat(2_100);
    const rejected = await post(emulator, PATHS.nativeTextEmbedding, embedding([long], {}, 'text-embedding-v2'));
    expect(((await rejected.json()) as { message: string }).message).toBe('Range of input length should be [1, 2048]');
    const truncating = createEmulator({ embeddingOverLimit: 'truncate' });
    const accepted = await post(truncating, PATHS.nativeTextEmbedding, embedding([long], {}, 'text-embedding-v2'));
    expect(await accepted.json()).toMatchObject({ usage: { total_tokens: 2048 } });
  });

  it('answers a body that is not JSON with 400 "Required body invalid"', async () => {
    const answer = await post(emulator, PATHS.nativeTextEmbedding, '{"model": ');
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ code: 'InvalidParameter', message: 'Required body invalid, please check the request body format.' });
  });

  it('rejects too many rerank documents, too many images, and requests over the token budget', async () => {
    const tooMany = await post(emulator, PATHS.nativeTextRerank, { model: 'qwen3-rerank', input: { query: 'q', documents: Array(501).fill('d') } });
    expect(((await tooMany.json()) as { message: string }).message).toContain('should not be larger than 500');
    const images = Array.from({ length: 41 }, (_, index) => ({ image: `https://x.example/${index}.png` }));
    const tooManyImages = await post(emulator, PATHS.nativeTextRerank, { model: 'qwen3-vl-rerank', input: { query: 'q', documents: images } });
    expect(((await tooManyImages.json()) as { message: string }).message).toContain('image documents should not be larger than 40');
    const query = 'budget '.repeat(100);
    const overBudget = await post(emulator, PATHS.nativeTextRerank, { model: 'gte-rerank-v2', input: { query, documents: Array(300).fill('short') } });
    expect(overBudget.status).toBe(400);
    expect(((await overBudget.json()) as { message: string }).message).toContain('more than the limit of 30000');
  });

  it('counts rerank usage as query tokens × documents + document tokens, truncating items at the model limit', async () => {
    const answer = await post(emulator, PATHS.nativeTextRerank, {
      model: 'qwen3-rerank',
      input: { query: 'cat food', documents: ['cat', 'dog', 'word '.repeat(5_000)] },
    });
    expect(await answer.json()).toMatchObject({ usage: { total_tokens: 2 * 3 + 1 + 1 + 4_000 } });
  });

  it('refuses thinking on a non-streaming call when the model requires streaming for it, and plain calls to stream-only models', async () => {
    const thinking = await post(emulator, PATHS.nativeTextGeneration, {
      model: 'qwen3-32b',
      input: { messages: [{ role: 'user', content: 'hi' }] },
      parameters: { enable_thinking: true },
    });
    expect(thinking.status).toBe(400);
    expect(await thinking.json()).toMatchObject({ message: 'parameter.enable_thinking must be set to false for non-streaming calls' });
    const streamOnly = await post(emulator, PATHS.compatibleChat, { model: 'qwq-plus', messages: [{ role: 'user', content: 'hi' }] });
    expect(streamOnly.status).toBe(400);
    expect(((await streamOnly.json()) as { error: { message: string } }).error.message).toContain('only support stream mode');
  });

  it('sends native stream errors as event:error with the status inside an HTTP 200', async () => {
    const answer = await post(
      emulator,
      PATHS.nativeTextGeneration,
      { model: 'qwen-max', input: { prompt: 'hi', messages: [] } },
      { 'X-DashScope-SSE': 'enable' },
    );
    expect(answer.status).toBe(200);
    expect(await events(answer)).toEqual([
      { id: '1', event: 'error', status: 400, data: expect.objectContaining({ code: 'InvalidParameter' }) },
    ]);
  });

  it('rejects the wrong endpoint family for a model with the service’s "url error, please check url！"', async () => {
    const answer = await post(emulator, PATHS.nativeTextGeneration, { model: 'qwen-vl-plus', input: { messages: [{ role: 'user', content: 'hi' }] } });
    expect(answer.status).toBe(400);
    expect(await answer.json()).toMatchObject({ code: 'InvalidParameter', message: URL_ERROR_MESSAGE });
  });
});

describe('createEmulator auth, paths and regions', () => {
  it('answers a missing key with 401 InvalidApiKey natively and invalid_api_key in compatible mode', async () => {
    const emulator = createEmulator();
    const native = await emulator.fetch(`http://x${PATHS.nativeTextEmbedding}`, { method: 'POST', body: '{}' });
    expect(native.status).toBe(401);
    expect(await native.json()).toMatchObject({ code: 'InvalidApiKey', message: 'Invalid API-key provided.' });
    const compatible = await emulator.fetch(`http://x${PATHS.compatibleChat}`, { method: 'POST', body: '{}' });
    expect(compatible.status).toBe(401);
    const body = (await compatible.json()) as { error: Record<string, unknown>; request_id: string };
    expect(body.error).toMatchObject({ type: 'invalid_request_error', param: null, code: 'invalid_api_key' });
    expect(String(body.error['message'])).toMatch(/^Incorrect API key provided\./);
    expect(body.request_id).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('accepts only the configured keys when keys are given', async () => {
    const emulator = createEmulator({ apiKeys: ['sk-test-a'] });
    const wrong = await emulator.fetch(`http://x${PATHS.nativeTokenizer}`, { method: 'POST', headers: { authorization: 'Bearer sk-test-b' }, body: '{}' });
    expect(wrong.status).toBe(401);
    const right = await emulator.fetch(`http://x${PATHS.nativeTokenizer}`, {
      method: 'POST',
      headers: { 'X-DashScope-ApiKey': 'sk-test-a' },
      body: JSON.stringify({ model: 'qwen-max', input: { prompt: 'hi' } }),
    });
    expect(right.status).toBe(200);
  });

  it('serves region-prefixed paths, applying the catalog regional availability', async () => {
    const emulator = createEmulator();
    const rerank = { model: 'gte-rerank-v2', input: { query: 'q', documents: ['d'] } };
    expect((await post(emulator, `/cn-beijing${PATHS.nativeTextRerank}`, rerank)).status).toBe(200);
    const singapore = await post(emulator, `/ap-southeast-1${PATHS.nativeTextRerank}`, rerank);
    expect(await singapore.json()).toMatchObject({ code: 'InvalidParameter', message: 'Model not exist.' });
  });

  it('accepts the workspace header and records it in the request log', async () => {
    const emulator = createEmulator();
    await post(emulator, PATHS.nativeTextEmbedding, embedding(['a']), { 'X-DashScope-WorkSpace': 'llm-test' });
    expect(emulator.requestLog()[0]).toMatchObject({ workspace: 'llm-test', outcome: 'accepted', model: 'text-embedding-v4', items: 1 });
  });

  it('answers unknown paths with 404 in the envelope of the path family', async () => {
    const emulator = createEmulator();
    const native = await post(emulator, '/api/v1/services/nothing', {});
    expect(native.status).toBe(404);
    expect(await native.json()).toMatchObject({ code: 'NotFound' });
    const compatible = await post(emulator, '/compatible-mode/v1/rerank', {});
    expect(await compatible.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('shows its configuration at the admin path without the keys, and changes it at run time', async () => {
    const emulator = createEmulator({ apiKeys: ['sk-test-secret'], rateLimits: { '*': { rpm: 60 } } });
    const shown = await (await emulator.fetch('http://x/__emulator/config')).text();
    expect(shown).not.toContain('sk-test-secret');
    expect(JSON.parse(shown)).toMatchObject({ apiKeys: '1 configured', rateLimits: { '*': { rpm: 60 } } });
    const changed = await emulator.fetch('http://x/__emulator/config', { method: 'POST', body: JSON.stringify({ faults: { sequence: ['500'] } }) });
    expect(await changed.json()).toMatchObject({ faults: { sequence: ['500'] } });
    const refused = await emulator.fetch('http://x/__emulator/config', { method: 'POST', body: JSON.stringify({ faults: { rate: 2 } }) });
    expect(refused.status).toBe(400);
  });

  it('lists the compatible-mode models', async () => {
    const emulator = createEmulator();
    const answer = await emulator.fetch(`http://x${PATHS.compatibleModels}`, { headers: { authorization: `Bearer ${KEY}` } });
    const body = (await answer.json()) as { object: string; data: { id: string; object: string }[] };
    expect(body.object).toBe('list');
    expect(body.data.map((model) => model.id)).toEqual(expect.arrayContaining(['qwen-plus', 'text-embedding-v4']));
    expect(body.data.map((model) => model.id)).not.toContain('gte-rerank-v2');
  });
});

describe('createEmulator in process', () => {
  it('serves the SDK client through its fetch option, for any region', async () => {
    const emulator = createEmulator();
    const client = new DashScope({ apiKey: KEY, region: 'singapore', fetch: emulator.fetch, maxRetries: 0 });
    const result = await client.embeddings.create({ model: 'text-embedding-v4', input: ['in process'], dimension: 128 });
    expect(result.embeddings[0]?.embedding).toEqual(lexicalEmbedding('in process', 128));
    expect(emulator.stats().models['text-embedding-v4']).toMatchObject({ accepted: 1, items: 1 });
  });
});

describe('createEmulator local models are deterministic', () => {
  const emulator = createEmulator();

  it('returns lexicalEmbedding vectors, identical for the same text on both protocols and every call', async () => {
    const texts = ['the same text', 'another text', 'the same text'];
    const native = (await (await post(emulator, PATHS.nativeTextEmbedding, embedding(texts, { dimension: 256 }))).json()) as {
      output: { embeddings: { embedding: number[]; text_index: number }[] };
    };
    const compatible = (await (await post(emulator, PATHS.compatibleEmbeddings, { model: 'text-embedding-v4', input: texts, dimensions: 256 })).json()) as {
      data: { embedding: number[]; index: number }[];
    };
    for (const [index, text] of texts.entries()) {
      expect(native.output.embeddings[index]?.embedding).toEqual(lexicalEmbedding(text, 256));
      expect(compatible.data[index]?.embedding).toEqual(lexicalEmbedding(text, 256));
    }
  });

  it('scores a document alone exactly as it scores it among others', async () => {
    const query = 'how do rerank models sort search results';
    const documents = [
      'Rerank models sort candidate documents by relevance.',
      'Quantum computing is a frontier of computer science.',
      'Search engines show results sorted by a rerank model.',
      'x',
    ];
    const together = (await (await post(emulator, PATHS.nativeTextRerank, { model: 'qwen3-rerank', input: { query, documents } })).json()) as {
      output: { results: { index: number; relevance_score: number }[] };
    };
    for (const result of together.output.results) {
      const alone = (await (
        await post(emulator, PATHS.compatibleRerank, { model: 'qwen3-rerank', query, documents: [documents[result.index]] })
      ).json()) as { results: { relevance_score: number }[] };
      expect(alone.results[0]?.relevance_score).toBe(result.relevance_score);
    }
    expect(new Set(together.output.results.slice(2).map((result) => result.index))).toEqual(new Set([1, 3]));
  });
});

describe('createEmulator chat', () => {
  const emulator = createEmulator();
  const question = {
    model: 'qwen-plus',
    input: {
      messages: [
        { role: 'system', content: '[1] Paris is the capital of France.\n[2] Berlin is the capital of Germany.' },
        { role: 'user', content: 'What is the capital of France?' },
      ],
    },
  };

  it('answers from the context with a citation and counts usage with the Qwen tokenizer', async () => {
    const answer = (await (await post(emulator, PATHS.nativeTextGeneration, { ...question, parameters: { result_format: 'message' } })).json()) as {
      output: { choices: { message: { content: string } }[] };
      usage: { input_tokens: number; output_tokens: number; total_tokens: number };
    };
    expect(answer.output.choices[0]?.message.content).toBe('Paris is the capital of France. [1]');
    expect(answer.usage.output_tokens).toBe(await countTokens('Paris is the capital of France. [1]'));
    expect(answer.usage.total_tokens).toBe(answer.usage.input_tokens + answer.usage.output_tokens);
  });

  it('streams cumulative text by default and deltas with incremental_output', async () => {
    const cumulative = await events(await post(emulator, PATHS.nativeTextGeneration, { ...question, parameters: { result_format: 'text' } }, { accept: 'text/event-stream' }));
    const texts = cumulative.map((event) => (event.data as { output: { text: string } }).output.text);
    expect(texts.at(-1)).toBe('Paris is the capital of France. [1]');
    expect(texts.every((text, index) => index === 0 || text.startsWith(texts[index - 1] as string))).toBe(true);
    const incremental = await events(
      await post(emulator, PATHS.nativeTextGeneration, { ...question, parameters: { result_format: 'text', incremental_output: true } }, { 'X-DashScope-SSE': 'enable' }),
    );
    const deltas = incremental.map((event) => event.data as { output: { text: string; finish_reason: string } });
    expect(deltas.map((event) => event.output.text).join('')).toBe('Paris is the capital of France. [1]');
    expect(deltas.map((event) => event.output.finish_reason)).toEqual([...Array(deltas.length - 1).fill('null'), 'stop']);
  });

  it('streams reasoning_content before content when thinking is on', async () => {
    const streamed = await events(
      await post(emulator, PATHS.nativeTextGeneration, { ...question, parameters: { enable_thinking: true, incremental_output: true } }, { 'X-DashScope-SSE': 'enable' }),
    );
    const messages = streamed.map((event) => (event.data as { output: { choices: { message: { content: string; reasoning_content: string } }[] } }).output.choices[0]?.message);
    const firstContent = messages.findIndex((message) => message?.content !== '');
    expect(firstContent).toBeGreaterThan(0);
    expect(messages.slice(0, firstContent).every((message) => message?.reasoning_content !== '')).toBe(true);
    expect(messages.slice(firstContent).every((message) => message?.reasoning_content === '')).toBe(true);
    const usage = (streamed.at(-1)?.data as { usage: { output_tokens_details: { reasoning_tokens: number } } }).usage;
    expect(usage.output_tokens_details.reasoning_tokens).toBeGreaterThan(0);
  });

  it('streams a tool call as fragments keyed by index, the first with id and name', async () => {
    const streamed = await events(
      await post(
        emulator,
        PATHS.nativeTextGeneration,
        {
          model: 'qwen-plus',
          input: { messages: [{ role: 'user', content: 'Call lookup_city for Paris please' }] },
          parameters: {
            result_format: 'message',
            incremental_output: true,
            tools: [{ type: 'function', function: { name: 'lookup_city', parameters: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } } }],
          },
        },
        { 'X-DashScope-SSE': 'enable' },
      ),
    );
    const fragments = streamed.flatMap(
      (event) => (event.data as { output: { choices: { message: { tool_calls?: { index: number; id: string; function: { name?: string; arguments: string } }[] } }[] } }).output.choices[0]?.message.tool_calls ?? [],
    );
    expect(fragments[0]).toMatchObject({ index: 0, id: expect.stringMatching(/^call_/), function: { name: 'lookup_city' } });
    expect(fragments.slice(1).every((fragment) => fragment.id === '' && fragment.function.name === undefined)).toBe(true);
    expect(JSON.parse(fragments.map((fragment) => fragment.function.arguments).join(''))).toEqual({ name: 'Call lookup_city for Paris please' });
    expect((streamed.at(-1)?.data as { output: { choices: { finish_reason: string }[] } }).output.choices[0]?.finish_reason).toBe('tool_calls');
  });

  it('stops at max_tokens with finish_reason length and before a stop string', async () => {
    const limited = (await (await post(emulator, PATHS.compatibleChat, { model: 'qwen-plus', messages: question.input.messages, max_tokens: 3 })).json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
      usage: { completion_tokens: number };
    };
    expect(limited.choices[0]).toMatchObject({ message: { content: 'Paris is the' }, finish_reason: 'length' });
    expect(limited.usage.completion_tokens).toBe(3);
    const stopped = (await (await post(emulator, PATHS.compatibleChat, { model: 'qwen-plus', messages: question.input.messages, stop: ['capital'] })).json()) as {
      choices: { message: { content: string }; finish_reason: string }[];
    };
    expect(stopped.choices[0]).toMatchObject({ message: { content: 'Paris is the ' }, finish_reason: 'stop' });
  });
});
