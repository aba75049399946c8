import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DashScope } from '../client.js';
import { InputValidationError, NotFoundError } from '../core/errors.js';
import { readFixture, readFixtureJson } from '../test-support/fixtures.js';
import { sendJson, startLoopbackServer, type LoopbackServer } from '../test-support/loopback-server.js';

let server: LoopbackServer;
let next: { status: number; text: string; type?: string } = { status: 200, text: '' };

function serve(file: string, status = 200): void {
  next = { status, text: readFixture(file), type: file.endsWith('.jsonl') ? 'application/octet-stream' : 'application/json' };
}

function last() {
  const request = server.requests.at(-1);
  if (!request) throw new Error('no request');
  return request;
}

const client = () => new DashScope({ apiKey: 'sk-test-fixtures', baseURL: server.url, maxRetries: 0 });

beforeAll(async () => {
  server = await startLoopbackServer((_request, response) => sendJson(response, next.status, next.text, { 'content-type': next.type ?? 'application/json' }));
});
afterAll(async () => {
  await server.close();
});

describe('files fixtures', () => {
  it('uploads as multipart with purpose and filename and parses the recorded upload response', async () => {
    serve('files-compatible-upload-response.json');
    const file = await client().files.create({ file: 'abc1234', purpose: 'file-extract', filename: 'test2.txt' });
    expect(file).toMatchObject({ id: 'file-fe-5d5eb068893f4b5e8551ada4', bytes: 7, filename: 'test2.txt', status: 'processed', created_at: 1764499365 });
    expect(last().method).toBe('POST');
    expect(last().path).toBe('/compatible-mode/v1/files');
    expect(last().headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(last().body).toContain('name="purpose"\r\n\r\nfile-extract');
    expect(last().body).toContain('filename="test2.txt"');
    expect(last().body).toContain('abc1234');
  });

  it('parses the recorded retrieve, list and delete responses on their paths', async () => {
    serve('files-compatible-get-response.json');
    expect((await client().files.retrieve('file-fe-d5c0ea9110bd47afb0505f43')).bytes).toBe(1314);
    expect(last().path).toBe('/compatible-mode/v1/files/file-fe-d5c0ea9110bd47afb0505f43');
    serve('files-compatible-list-response.json');
    const page = await client().files.list({ purpose: 'file-extract', limit: 5, create_after: '20251001' });
    expect(page.data.map((file) => file.filename)).toEqual(['file1.txt']);
    expect(page.has_more).toBe(false);
    expect(last().path).toBe('/compatible-mode/v1/files?purpose=file-extract&limit=5&create_after=20251001');
    serve('files-compatible-delete-response.json');
    expect(await client().files.delete('file-fe-d5c0ea9110bd47afb0505f43')).toEqual({ id: 'file-fe-d5c0ea9110bd47afb0505f43', object: 'file', deleted: true });
    expect(last().method).toBe('DELETE');
  });

  it('streams the recorded output file content line by line', async () => {
    serve('batch-compatible-output-file-content.jsonl');
    const content = await client().files.content('file-batch_output-c5f57bf1fbc749cdae9676ba');
    const lines: string[] = [];
    for await (const line of content.lines()) lines.push(line);
    expect(lines.map((line) => (JSON.parse(line) as { custom_id: string }).custom_id)).toEqual(['1', '2']);
    expect(last().path).toBe('/compatible-mode/v1/files/file-batch_output-c5f57bf1fbc749cdae9676ba/content');
  });

  it('refuses a malformed id or a bad date filter before sending', async () => {
    const before = server.requests.length;
    await expect(client().files.retrieve('../batches')).rejects.toBeInstanceOf(InputValidationError);
    await expect(client().files.list({ create_after: '2025-10-01' })).rejects.toBeInstanceOf(InputValidationError);
    class Oversized extends Blob {
      override get size() {
        return 500 * 1024 * 1024 + 1;
      }
    }
    await expect(client().files.create({ file: new Oversized(['x']), purpose: 'batch' })).rejects.toMatchObject({ param: 'file', limit: 500 * 1024 * 1024 });
    expect(server.requests.length).toBe(before);
  });

  it('maps a 404 on content to NotFoundError without reading a body as content', async () => {
    next = { status: 404, text: JSON.stringify({ error: { message: 'File not found', type: 'invalid_request_error', code: 'not_found' } }) };
    await expect(client().files.content('file-batch-x')).rejects.toBeInstanceOf(NotFoundError);
  });
});

describe('batch fixtures', () => {
  it('sends the recorded create request and parses the validating batch', async () => {
    serve('batch-compatible-create-response.json');
    const request = readFixtureJson<{ input_file_id: string; endpoint: '/v1/chat/ds-test'; completion_window: string; metadata: Record<string, string> }>('batch-compatible-create-request.json');
    const batch = await client().batches.create(request);
    expect(JSON.parse(last().body)).toEqual(request);
    expect(last().path).toBe('/compatible-mode/v1/batches');
    expect(batch).toMatchObject({ id: 'batch_fa05d570-fa04-4935-8b80-2b9c1a4b3ee4', status: 'validating', request_counts: { total: 0, completed: 0, failed: 0 } });
  });

  it('parses the recorded in-progress and completed batches', async () => {
    serve('batch-compatible-get-in-progress.json');
    expect((await client().batches.retrieve('batch_2ecfc43e-439e-4443-bfe8-9a36b89456d0')).status).toBe('in_progress');
    expect(last().path).toBe('/compatible-mode/v1/batches/batch_2ecfc43e-439e-4443-bfe8-9a36b89456d0');
    serve('batch-compatible-get-completed.json');
    const done = await client().batches.retrieve('batch_5b57e198-203e-49c8-bcc3-65e997d51754');
    expect(done).toMatchObject({ status: 'completed', output_file_id: 'file-batch_output-c5f57bf1fbc749cdae9676ba', request_counts: { total: 2, completed: 2 } });
  });

  it('parses the recorded list with its filters in the query', async () => {
    serve('batch-compatible-list-response.json');
    const page = await client().batches.list({ status: ['completed', 'cancelled'], input_file_ids: ['file-batch-c015426ce301481bb13c76b4'], limit: 2 });
    expect(page.data.map((batch) => batch.status)).toEqual(['completed', 'cancelled']);
    expect(page).toMatchObject({ first_id: 'batch_5b57e198-203e-49c8-bcc3-65e997d51754', last_id: 'batch_2ecfc43e-439e-4443-bfe8-9a36b89456d0', has_more: true });
    expect(decodeURIComponent(last().path)).toBe('/compatible-mode/v1/batches?status=completed,cancelled&input_file_ids=file-batch-c015426ce301481bb13c76b4&limit=2');
  });

  it('reads an empty listing sent as data: null as an empty array', async () => {
    next = { status: 200, text: JSON.stringify({ object: 'list', data: null, first_id: null, last_id: null, has_more: false }) };
    expect((await client().batches.list()).data).toEqual([]);
  });

  it('refuses an unknown endpoint or completion window before sending', async () => {
    const before = server.requests.length;
    await expect(client().batches.create({ input_file_id: 'f', endpoint: '/v1/responses' as never })).rejects.toMatchObject({ param: 'endpoint' });
    await expect(client().batches.create({ input_file_id: 'f', endpoint: '/v1/embeddings', completion_window: '12h' })).rejects.toMatchObject({ param: 'completion_window' });
    await expect(client().batches.create({ input_file_id: 'f', endpoint: '/v1/embeddings', completion_window: '1.5d' })).rejects.toBeInstanceOf(InputValidationError);
    expect(server.requests.length).toBe(before);
  });
});
