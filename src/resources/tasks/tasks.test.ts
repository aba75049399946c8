import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DashScope } from '../../client.js';
import { InputValidationError, ResponseValidationError } from '../../core/errors.js';
import type { Task } from '../../wire/tasks.js';
import { readEmbeddingTaskResult } from './read-embedding-task-result.js';

function recordingClient() {
  const sent: { url: string; headers: Headers }[] = [];
  const fetch = async (input: string | URL | Request, init?: RequestInit) => {
    sent.push({ url: String(input), headers: new Headers(init?.headers) });
    return new Response(JSON.stringify({ request_id: 'r', output: { task_id: 't-1', task_status: 'PENDING' } }), { headers: { 'content-type': 'application/json' } });
  };
  return { sent, client: new DashScope({ apiKey: 'sk-test-unit', baseURL: 'http://127.0.0.1:9', fetch, maxRetries: 0 }) };
}

const succeeded = (url: string): Task => ({ output: { task_id: 't-1', task_status: 'SUCCEEDED', url } });

describe('client.tasks', () => {
  it('sends the async embedding create with X-DashScope-Async: enable to the native embedding path', async () => {
    const { sent, client } = recordingClient();
    const task = await client.tasks.createEmbedding({ model: 'text-embedding-async-v2', input: { url: 'https://example.com/in.txt' } });
    expect(task.output.task_status).toBe('PENDING');
    expect(sent[0]?.url).toBe('http://127.0.0.1:9/api/v1/services/embeddings/text-embedding/text-embedding');
    expect(sent[0]?.headers.get('x-dashscope-async')).toBe('enable');
  });

  it('refuses bad input before sending anything', async () => {
    const { sent, client } = recordingClient();
    await expect(client.tasks.createEmbedding({ model: 'text-embedding-v4' as never, input: { url: 'https://example.com/a' } })).rejects.toBeInstanceOf(InputValidationError);
    await expect(client.tasks.createEmbedding({ model: 'text-embedding-async-v1', input: { url: 'not a url' } })).rejects.toBeInstanceOf(InputValidationError);
    await expect(client.tasks.get('a/b')).rejects.toBeInstanceOf(InputValidationError);
    await expect(client.tasks.list({ page_size: 101 })).rejects.toBeInstanceOf(InputValidationError);
    await expect(client.tasks.list({ start_time: '2026-12-03' })).rejects.toBeInstanceOf(InputValidationError);
    await expect(client.tasks.wait('t-1', { pollIntervalMs: -1 })).rejects.toBeInstanceOf(InputValidationError);
    expect(sent).toEqual([]);
  });
});

describe('readEmbeddingTaskResult', () => {
  it('reads a gzipped result file line by line, flat or under output, without sending the API key', async () => {
    const text = `${JSON.stringify({ output: { text_index: 1, embedding: [0.5, 0.25] } })}\n${JSON.stringify({ text_index: 0, embedding: [1, 0] })}\n${JSON.stringify({ output: { text_index: 2, code: 400, message: 'too long' } })}\n`;
    const seen: RequestInit[] = [];
    const fetch = async (_url: string | URL | Request, init?: RequestInit) => {
      seen.push(init ?? {});
      return new Response(gzipSync(text));
    };
    const rows = [];
    for await (const row of readEmbeddingTaskResult(succeeded('https://oss.example/r.txt.gz'), { fetch })) rows.push(row);
    expect(rows).toEqual([
      { text_index: 1, embedding: [0.5, 0.25] },
      { text_index: 0, embedding: [1, 0] },
      { text_index: 2, embedding: undefined, error: { code: '400', message: 'too long' } },
    ]);
    expect(new Headers(seen[0]?.headers).get('authorization')).toBeNull();
  });

  it('refuses a task that has not succeeded and a line that is not JSON', async () => {
    const pending: Task = { output: { task_id: 't', task_status: 'RUNNING' } };
    await expect(readEmbeddingTaskResult(pending).next()).rejects.toBeInstanceOf(InputValidationError);
    const fetch = async () => new Response('not json\n');
    await expect(readEmbeddingTaskResult(succeeded('https://oss.example/r.txt'), { fetch }).next()).rejects.toBeInstanceOf(ResponseValidationError);
  });
});
