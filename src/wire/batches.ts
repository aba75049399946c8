import { z } from 'zod';
import { BATCH_ENDPOINTS, BATCH_STATUSES } from './batch-statuses.js';

// OpenAI-compatible Batch API, /compatible-mode/v1/batches
// (https://docs.qwencloud.com/api-reference/platform-api/batch/create-batch, https://docs.qwencloud.com/developer-guides/text-generation/batch).

export { BATCH_ENDPOINTS, BATCH_STATUSES, type BatchEndpoint, type BatchStatus } from './batch-statuses.js';

/** `completion_window`: whole hours `24h`–`336h` or days `1d`–`14d`. */
export const CompletionWindowSchema = z
  .string()
  .regex(/^\d+[hd]$/, 'completion_window must be whole hours ("24h") or days ("1d")')
  .refine((value) => {
    const hours = Number.parseInt(value, 10) * (value.endsWith('d') ? 24 : 1);
    return hours >= 24 && hours <= 336;
  }, 'completion_window must be between 24h and 336h');

/** Batch metadata DashScope reads: a name (≤ 100 chars), a description (≤ 200) and a completion callback URL. */
export const BatchMetadataSchema = z.looseObject({
  ds_name: z.string().max(100).optional(),
  ds_description: z.string().max(200).optional(),
  ds_batch_finish_callback: z.string().optional(),
});

/** `POST /batches` body (strict: the emulator reads requests with it). */
export const BatchCreateRequestSchema = z.object({
  input_file_id: z.string().min(1),
  endpoint: z.enum(BATCH_ENDPOINTS),
  completion_window: CompletionWindowSchema,
  metadata: BatchMetadataSchema.nullish(),
});
/** The TypeScript type of {@link BatchCreateRequestSchema}. */
export type BatchCreateRequest = z.infer<typeof BatchCreateRequestSchema>;

/** One validation or processing error of a batch; `line` is 1-based in the input file. */
export const BatchErrorSchema = z.looseObject({
  code: z.string().nullish(),
  message: z.string().nullish(),
  param: z.string().nullish(),
  line: z.number().nullish(),
});
/** The TypeScript type of {@link BatchErrorSchema}. */
export type BatchError = z.infer<typeof BatchErrorSchema>;

const timestamp = z.number().nullish();

/** A batch object. Timestamps are Unix seconds, `null` (captures) or 0 (docs sample) when not reached. */
export const BatchSchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().optional(),
  endpoint: z.string(),
  errors: z.looseObject({ object: z.string().optional(), data: z.array(BatchErrorSchema).nullish() }).nullish(),
  input_file_id: z.string(),
  completion_window: z.string(),
  status: z.enum(BATCH_STATUSES),
  output_file_id: z.string().nullish(),
  error_file_id: z.string().nullish(),
  created_at: z.number(),
  in_progress_at: timestamp,
  expires_at: timestamp,
  finalizing_at: timestamp,
  completed_at: timestamp,
  failed_at: timestamp,
  expired_at: timestamp,
  cancelling_at: timestamp,
  cancelled_at: timestamp,
  request_counts: z.looseObject({ total: z.number(), completed: z.number(), failed: z.number() }).nullish(),
  metadata: z.record(z.string(), z.unknown()).nullish(),
});
/** The TypeScript type of {@link BatchSchema}. */
export type Batch = z.infer<typeof BatchSchema>;

/** `GET /batches`: a page of batches, newest first; an empty listing has `data: null`. */
export const BatchListResponseSchema = z.looseObject({
  object: z.string().optional(),
  data: z.array(BatchSchema).nullable(),
  first_id: z.string().nullish(),
  last_id: z.string().nullish(),
  has_more: z.boolean().optional(),
});

/** One line of a batch input file. */
export const BatchInputLineSchema = z.object({
  custom_id: z.string().min(1),
  method: z.literal('POST'),
  url: z.string(),
  body: z.looseObject({ model: z.string().min(1) }),
});
/** The TypeScript type of {@link BatchInputLineSchema}. */
export type BatchInputLine = z.infer<typeof BatchInputLineSchema>;

/**
 * One line of an output or error file: `response.body` is what the synchronous endpoint would have
 * answered (a `chat.completion`, an embedding list, or an error envelope). The error-file shape was not
 * captured; the OpenAI shape is assumed.
 */
export const BatchOutputLineSchema = z.looseObject({
  id: z.string().nullish(),
  custom_id: z.string().min(1),
  response: z
    .looseObject({ status_code: z.number(), request_id: z.string().nullish(), body: z.unknown() })
    .nullish(),
  error: z.looseObject({ code: z.string().nullish(), message: z.string().nullish() }).nullish(),
});
/** The TypeScript type of {@link BatchOutputLineSchema}. */
export type BatchOutputLine = z.infer<typeof BatchOutputLineSchema>;
