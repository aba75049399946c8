import type { EmulatorState } from '../emulator-state.js';
import type { CallHandler } from '../run-call.js';
import type { ParsedCall } from '../parsed-call.js';
import { invalidParameter, WireError } from '../wire-error.js';
import { fileObject } from './file-store.js';

const PURPOSES = new Set(['batch', 'file-extract']);
/** Largest batch input file, bytes (https://docs.qwencloud.com/api-reference/platform-api/file). */
const MAX_BATCH_FILE_BYTES = 500 * 1024 * 1024;

/** 404 for an unknown file id (compatible envelope; DashScope's exact wording was not captured). */
export function fileNotFound(id: string): WireError {
  const message = `File not found: ${id}`;
  return new WireError(404, 'NotFound', message, { compatible: { type: 'invalid_request_error', code: 'not_found', message } });
}

function answer(limitKey: string, body: () => unknown): ParsedCall {
  return {
    endpoint: 'files',
    protocol: 'compatible',
    model: '',
    stream: false,
    inputTokens: 0,
    items: 0,
    limitKey,
    produce: async () => ({ type: 'json', body: await body(), outputTokens: 0 }),
  };
}

/**
 * `POST /compatible-mode/v1/files`: multipart `file` and `purpose` (`batch` or `file-extract`), stored in
 * memory or under `filesFolder`; answers the file object with `status: "processed"`.
 * @throws WireError 400 for a missing part, an unknown purpose or a batch file over 500 MB.
 */
export function uploadFileCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const file = input.form?.get('file');
    const purpose = input.form?.get('purpose');
    if (!(file instanceof Blob)) throw invalidParameter('Missing file: send multipart/form-data with a "file" part.');
    if (typeof purpose !== 'string' || !PURPOSES.has(purpose)) throw invalidParameter(`Invalid purpose "${String(purpose)}": use "batch" or "file-extract".`);
    if (purpose === 'batch' && file.size > MAX_BATCH_FILE_BYTES) throw invalidParameter('A batch file is at most 500 MB.');
    const filename = file instanceof File && file.name ? file.name : 'upload.jsonl';
    return answer('files.upload', async () => fileObject(await state.batch.files.add({ filename, purpose, content: file, now: input.now })));
  };
}

/** `GET /compatible-mode/v1/files`: newest first, `after`/`limit` (default 20)/`purpose`/`create_after`/`create_before`. */
export function listFilesCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const q = input.query;
    const limit = Number(q.get('limit') ?? 20);
    if (!Number.isInteger(limit) || limit < 1) throw invalidParameter('limit must be a positive integer.');
    const filters = { limit, after: q.get('after') ?? undefined, purpose: q.get('purpose') ?? undefined, create_after: q.get('create_after') ?? undefined, create_before: q.get('create_before') ?? undefined };
    return answer('files.query', () => {
      const page = state.batch.files.list(filters);
      return { object: 'list', data: page.data.map(fileObject), has_more: page.has_more };
    });
  };
}

/** `GET /compatible-mode/v1/files/{id}`. @throws WireError 404 for an unknown id. */
export function retrieveFileCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const file = state.batch.files.get(input.params.id ?? '');
    if (!file) throw fileNotFound(input.params.id ?? '');
    return answer('files.query', () => fileObject(file));
  };
}

/** `DELETE /compatible-mode/v1/files/{id}` → `{"id","object":"file","deleted":true}`. @throws WireError 404 for an unknown id. */
export function deleteFileCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const id = input.params.id ?? '';
    if (!state.batch.files.get(id)) throw fileNotFound(id);
    return answer('files.query', async () => {
      await state.batch.files.delete(id);
      return { id, object: 'file', deleted: true };
    });
  };
}

/** `GET /compatible-mode/v1/files/{id}/content`: the raw bytes. @throws WireError 404 for an unknown id. */
export function fileContentCall(state: EmulatorState): CallHandler {
  return async (input) => {
    const file = state.batch.files.get(input.params.id ?? '');
    if (!file) throw fileNotFound(input.params.id ?? '');
    return { ...answer('files.query', () => undefined), produce: async () => ({ type: 'raw', contentType: 'application/octet-stream', text: await state.batch.files.text(file.id), outputTokens: 0 }) };
  };
}
