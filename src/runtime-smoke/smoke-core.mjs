// The runtime smoke of the core (issue 11): chat stream, embeddings, rerank, a typed API error and an
// abort, against an emulator at `baseURL`. Plain JavaScript with no runtime API, so Bun, Deno, workerd
// and a browser all run this same file (directly, or bundled). Returns a JSON-able report; the test
// asserts on it.
import { APIError, APIUserAbortError, DashScope } from '../../dist/index.js';

export async function smoke(baseURL) {
  const client = new DashScope({ apiKey: 'sk-test-runtime-smoke', baseURL, region: 'singapore', maxRetries: 0 });
  const report = {};

  let text = '';
  let chunks = 0;
  for await (const chunk of await client.chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'Say hello' }], stream: true })) {
    chunks++;
    text += chunk.choices[0]?.delta.content ?? '';
  }
  report.chat = { chunks, text };

  const embedded = await client.embeddings.create({ model: 'text-embedding-v4', input: ['npm installs packages', 'tea is a drink'], dimension: 64 });
  report.embeddings = { count: embedded.embeddings.length, dimension: embedded.embeddings[0]?.embedding.length, first: embedded.embeddings[0]?.embedding.slice(0, 3) };

  const ranked = await client.rerank.create({ model: 'qwen3-rerank', query: 'what installs packages?', documents: ['tea is a drink', 'npm installs packages'], top_n: 2 });
  report.rerank = ranked.results.map((result) => ({ index: result.index, relevance_score: result.relevance_score }));

  try {
    await client.chat.create({ model: 'qwen-no-such-model', messages: [{ role: 'user', content: 'hi' }] });
    report.error = { thrown: false };
  } catch (error) {
    report.error = { thrown: true, name: error?.name, isAPIError: error instanceof APIError, status: error?.status, code: error?.code };
  }

  const controller = new AbortController();
  try {
    const stream = await client.chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'Write a long story about a lighthouse' }], stream: true }, { signal: controller.signal });
    let seen = 0;
    for await (const _chunk of stream) {
      seen++;
      if (seen === 1) controller.abort();
    }
    report.abort = { thrown: false, seen };
  } catch (error) {
    report.abort = { thrown: true, name: error?.name, isAbort: error instanceof APIUserAbortError };
  }
  return report;
}
