import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { DashScope } from '../../client.js';
import { APIUserAbortError, InputValidationError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/request-options.js';
import type { FilePurpose } from '../../resources/files/file-types.js';
import { MAX_UPLOAD_BYTES } from '../../resources/files/max-upload-bytes.js';
import type { FileObject } from '../../wire/files.js';

/** `uploadFileFromStream()` params: the Files API's `purpose` and part name, and where to spool. */
export interface UploadFileFromStreamParams {
  purpose: FilePurpose;
  /** Name sent in the multipart part. Default `upload.jsonl`. */
  filename?: string | undefined;
  /** Folder under which a private temporary folder holds the spooled bytes. Default `os.tmpdir()`. */
  tempDir?: string | undefined;
}

/** Counts the bytes passing through and fails the pipeline once they exceed `cap`. */
function capped(cap: number | undefined, purpose: string): Transform {
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer | string, _encoding, done) {
      bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
      if (cap !== undefined && bytes > cap) done(new InputValidationError(`A "${purpose}" file is at most ${cap} bytes.`, 'file', { value: bytes, limit: cap }));
      else done(null, chunk);
    },
  });
}

/**
 * Uploads a Node stream (a `Readable`, or any async iterable of `Uint8Array`/string chunks) through
 * `client.files.create()` without collecting it into one buffer: the stream is written to a temporary file
 * with backpressure (memory holds a few 64 KiB chunks), which is uploaded from disk with `fs.openAsBlob`; the
 * temporary file and its folder are removed whatever happens (success, upload error, stream error, abort).
 * Node's built-in fetch keeps the whole upload in memory while sending it; give the client
 * `fetch: createStreamingUploadFetch()` and the upload streams from disk too (bench/reports/stream-upload.md: 200 MiB
 * through Node's fetch peaks ~250 MiB above baseline, ~1 GiB when collected into a Buffer; with the streaming fetch a few tens of MiB).
 * Node-only (dashscope-kit/production/node). Limits: https://docs.qwencloud.com/api-reference/platform-api/file
 *
 * @example
 * const file = await uploadFileFromStream(client, createGzipStreamOfJsonl(), { purpose: 'batch', filename: 'requests.jsonl' });
 *
 * @throws InputValidationError for a missing purpose, or a stream longer than its purpose's cap (batch 500 MB,
 *   file-extract 150 MB: spooling stops there, nothing is sent); the stream's own error; APIUserAbortError when
 *   `options.signal` aborts; every error of `client.files.create()`.
 */
export async function uploadFileFromStream(
  client: DashScope,
  source: Readable | AsyncIterable<Uint8Array | string>,
  params: UploadFileFromStreamParams,
  options: RequestOptions = {},
): Promise<FileObject> {
  if (typeof params?.purpose !== 'string' || params.purpose === '') throw new InputValidationError('purpose is required (e.g. "batch").', 'purpose', { value: params?.purpose });
  const folder = await mkdtemp(join(params.tempDir ?? tmpdir(), 'dashscope-kit-upload-'));
  try {
    const path = join(folder, 'spool');
    const signal = options.signal;
    await pipeline(source, capped(MAX_UPLOAD_BYTES[params.purpose], params.purpose), createWriteStream(path), signal ? { signal } : {}).catch((error: unknown) => {
      throw signal?.aborted ? new APIUserAbortError(undefined, { cause: signal.reason }) : error;
    });
    return await client.files.create({ file: await openAsBlob(path), purpose: params.purpose, filename: params.filename ?? 'upload.jsonl' }, options);
  } finally {
    await rm(folder, { recursive: true, force: true });
  }
}
