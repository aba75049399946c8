import { InputValidationError } from '../../core/errors.js';
import { checkResourceId } from '../../core/check-resource-id.js';
import { parseResponseBody } from '../../core/parse-response-body.js';
import { queryString } from '../../core/query-string.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestJSON, requestRaw, type TransportConfig } from '../../core/transport.js';
import type { FileDeleted, FileObject } from '../../wire/files.js';
import { PATHS } from '../../wire/paths.js';
import { FileContent } from './file-content.js';
import { MAX_UPLOAD_BYTES } from './max-upload-bytes.js';
import type { FileCreateParams, FileList, FileListParams } from './file-types.js';

// The wire schemas are imported on first use, not with the root entry: they load zod (issue 12, cold import).
const wire = () => import('../../wire/files.js');

const DEFAULT_FILENAME = 'upload.jsonl';
const DATE = /^\d{8}$/;

function toBlob(file: FileCreateParams['file']): Blob {
  if (file instanceof Blob) return file;
  if (typeof file === 'string') return new Blob([file], { type: 'application/jsonl' });
  if (file instanceof Uint8Array) return new Blob([file as Uint8Array<ArrayBuffer>]);
  throw new InputValidationError('file must be a Blob, a Uint8Array or a string.', 'file', { value: typeof file });
}

/**
 * `client.files`: DashScope's OpenAI-compatible Files API (`/compatible-mode/v1/files`), used for Batch API
 * input and output. Account limits: 10,000 files / 100 GB, files never expire; upload 3 QPS,
 * query/list/delete 10 QPS (https://docs.qwencloud.com/api-reference/platform-api/file).
 */
export class Files {
  readonly #transport: TransportConfig;

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig) {
    this.#transport = transport;
  }

  /**
   * Uploads a file as `multipart/form-data` (`file`, `purpose`). Any runtime with `FormData`/`Blob`.
   *
   * @example
   * const file = await client.files.create({ file: jsonl, purpose: 'batch', filename: 'requests.jsonl' });
   *
   * @throws InputValidationError for a missing purpose, a file that is not a Blob, bytes or string, or one
   *   over its purpose's cap (batch 500 MB, file-extract 150 MB);
   *   APIError subclasses and connection errors; ResponseValidationError for an unexpected body.
   */
  async create(params: FileCreateParams, options: RequestOptions = {}): Promise<FileObject> {
    if (!params || typeof params !== 'object') throw new InputValidationError('files.create needs { file, purpose }.', 'params');
    if (typeof params.purpose !== 'string' || params.purpose === '') throw new InputValidationError('purpose is required (e.g. "batch").', 'purpose', { value: params.purpose });
    const blob = toBlob(params.file);
    const cap = MAX_UPLOAD_BYTES[params.purpose];
    if (cap !== undefined && blob.size > cap) throw new InputValidationError(`A "${params.purpose}" file is at most ${cap} bytes.`, 'file', { value: blob.size, limit: cap });
    const filename = params.filename ?? (typeof File !== 'undefined' && blob instanceof File && blob.name ? blob.name : DEFAULT_FILENAME);
    const form = new FormData();
    form.append('purpose', params.purpose);
    form.append('file', blob, filename);
    const { body } = await requestJSON(this.#transport, { path: PATHS.compatibleFiles, body: form }, options);
    return parseResponseBody((await wire()).FileObjectSchema, body, 'file');
  }

  /**
   * One page of files, newest first. Pass the last id as `after` for the next page while `has_more`.
   * @throws InputValidationError for a malformed date filter or limit; APIError subclasses and connection errors.
   */
  async list(params: FileListParams = {}, options: RequestOptions = {}): Promise<FileList> {
    for (const key of ['create_after', 'create_before'] as const) {
      const value = params[key];
      if (value !== undefined && !DATE.test(value)) throw new InputValidationError(`${key} must be a yyyyMMdd date.`, key, { value });
    }
    if (params.limit !== undefined && (!Number.isInteger(params.limit) || params.limit < 1)) {
      throw new InputValidationError('limit must be a positive integer.', 'limit', { value: params.limit });
    }
    const path = PATHS.compatibleFiles + queryString({ ...params });
    const { body } = await requestJSON(this.#transport, { path, body: undefined, method: 'GET' }, options);
    const page = parseResponseBody((await wire()).FileListResponseSchema, body, 'file list');
    return { data: page.data ?? [], has_more: page.has_more ?? false };
  }

  /**
   * One file's metadata.
   * @throws InputValidationError for a malformed id; NotFoundError for an unknown one; other APIError subclasses.
   */
  async retrieve(fileId: string, options: RequestOptions = {}): Promise<FileObject> {
    const path = `${PATHS.compatibleFiles}/${checkResourceId(fileId, 'file_id')}`;
    const { body } = await requestJSON(this.#transport, { path, body: undefined, method: 'GET' }, options);
    return parseResponseBody((await wire()).FileObjectSchema, body, 'file');
  }

  /**
   * Opens a file's contents as a stream (`GET /files/{id}/content`): nothing is buffered whole, so a
   * 500 MB output file is read chunk by chunk or line by line ({@link FileContent.lines}).
   *
   * @example
   * for await (const line of (await client.files.content(batch.output_file_id)).lines()) console.log(line);
   *
   * @throws InputValidationError for a malformed id; NotFoundError for an unknown one; other APIError subclasses.
   */
  async content(fileId: string, options: RequestOptions = {}): Promise<FileContent> {
    const path = `${PATHS.compatibleFiles}/${checkResourceId(fileId, 'file_id')}/content`;
    return new FileContent(await requestRaw(this.#transport, { path, body: undefined, method: 'GET' }, options));
  }

  /**
   * Deletes a file.
   * @throws InputValidationError for a malformed id; NotFoundError for an unknown one; other APIError subclasses.
   */
  async delete(fileId: string, options: RequestOptions = {}): Promise<FileDeleted> {
    const path = `${PATHS.compatibleFiles}/${checkResourceId(fileId, 'file_id')}`;
    const { body } = await requestJSON(this.#transport, { path, body: undefined, method: 'DELETE' }, options);
    return parseResponseBody((await wire()).FileDeletedSchema, body, 'file deletion');
  }
}
