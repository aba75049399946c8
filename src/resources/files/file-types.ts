import type { FileObject } from '../../wire/files.js';

/** What a file is for: `batch` (Batch API input, JSONL ≤ 500 MB) or `file-extract` (document Q&A, ≤ 150 MB). */
export type FilePurpose = 'batch' | 'file-extract' | (string & {});

/**
 * `client.files.create()` params. `file` is a `Blob`/`File` (on Node, `fs.openAsBlob(path)` reads from disk
 * instead of a caller's buffer, though Node 20's fetch was measured holding about the file's size while sending
 * it: bench/reports/stream-upload.md), bytes, or a string (sent as UTF-8).
 * Limits: https://docs.qwencloud.com/api-reference/platform-api/file
 */
export interface FileCreateParams {
  file: Blob | Uint8Array | string;
  purpose: FilePurpose;
  /** Name sent in the multipart part. Default: the `File`'s own name, else `upload.jsonl`. */
  filename?: string | undefined;
}

/**
 * `client.files.list()` filters. `create_after` / `create_before` are `yyyyMMdd` dates; `after` is the
 * last id of the previous page; `limit` the page size (1–2000 per the Files API reference).
 */
export interface FileListParams {
  after?: string | undefined;
  limit?: number | undefined;
  purpose?: FilePurpose | undefined;
  create_after?: string | undefined;
  create_before?: string | undefined;
}

/** A page of files; `data` is `[]` when the service sent `data: null`. */
export interface FileList {
  data: FileObject[];
  has_more: boolean;
}
