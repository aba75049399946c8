import { z } from 'zod';

// OpenAI-compatible Files API, /compatible-mode/v1/files (https://docs.qwencloud.com/api-reference/platform-api/file).

/** A stored file: `id` is `file-fe-…` (file-extract), `file-batch-…` (batch input) or `file-batch_output-…`. */
export const FileObjectSchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().optional(),
  /** Size in bytes. */
  bytes: z.number(),
  filename: z.string(),
  purpose: z.string(),
  /** `processed` when usable; batch uploads may first report `uploaded`. */
  status: z.string().optional(),
  /** Unix seconds. */
  created_at: z.number(),
  status_details: z.unknown().optional(),
});
/** The TypeScript type of {@link FileObjectSchema}. */
export type FileObject = z.infer<typeof FileObjectSchema>;

/** `GET /files`: a page of files; `data: null` is read as an empty page. */
export const FileListResponseSchema = z.looseObject({
  object: z.string().optional(),
  data: z.array(FileObjectSchema).nullable(),
  has_more: z.boolean().optional(),
});

/** `DELETE /files/{id}`. */
export const FileDeletedSchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().optional(),
  deleted: z.boolean(),
});
/** The TypeScript type of {@link FileDeletedSchema}. */
export type FileDeleted = z.infer<typeof FileDeletedSchema>;
