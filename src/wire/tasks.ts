import { z } from 'zod';
import { ASYNC_EMBEDDING_MODELS, TASK_STATUSES } from './task-statuses.js';

// Native async task API, /api/v1/tasks (https://help.aliyun.com/en/model-studio/text-embedding-batch-api;
// statuses and list shape from the official SDKs, dashscope-api.md §5.4).

export { ASYNC_EMBEDDING_MODELS, TASK_STATUSES, type TaskStatus } from './task-statuses.js';

/** `GET /api/v1/tasks/{id}` and the async create answer: `output.task_status`; `url` of the result once SUCCEEDED. */
export const TaskSchema = z.looseObject({
  request_id: z.string().optional(),
  output: z.looseObject({
    task_id: z.string().min(1),
    task_status: z.enum(TASK_STATUSES),
    submit_time: z.string().nullish(),
    scheduled_time: z.string().nullish(),
    end_time: z.string().nullish(),
    url: z.string().nullish(),
    code: z.string().nullish(),
    message: z.string().nullish(),
    task_metrics: z.looseObject({ TOTAL: z.number(), SUCCEEDED: z.number(), FAILED: z.number() }).nullish(),
  }),
  usage: z.looseObject({ total_tokens: z.number().optional() }).nullish(),
});
/** The TypeScript type of {@link TaskSchema}. */
export type Task = z.infer<typeof TaskSchema>;

/** One row of `GET /api/v1/tasks` (field names as DashScope lists them). */
export const TaskListItemSchema = z.looseObject({
  task_id: z.string(),
  status: z.string(),
  model_name: z.string().nullish(),
  region: z.string().nullish(),
  request_id: z.string().nullish(),
  gmt_create: z.union([z.string(), z.number()]).nullish(),
  start_time: z.union([z.string(), z.number()]).nullish(),
  end_time: z.union([z.string(), z.number()]).nullish(),
});
/** The TypeScript type of {@link TaskListItemSchema}. */
export type TaskListItem = z.infer<typeof TaskListItemSchema>;

/** `GET /api/v1/tasks?page_no&page_size`: one page; `data` may be absent when there are no tasks. */
export const TaskListResponseSchema = z.looseObject({
  request_id: z.string().optional(),
  total: z.number().nullish(),
  total_page: z.number().nullish(),
  page_no: z.number().nullish(),
  page_size: z.number().nullish(),
  data: z.array(TaskListItemSchema).nullish(),
});


/** Async batch embedding create body (strict: the emulator reads requests with it). */
export const AsyncEmbeddingRequestSchema = z.object({
  model: z.enum(ASYNC_EMBEDDING_MODELS),
  input: z.object({ url: z.string().url() }),
  parameters: z.object({ text_type: z.enum(['query', 'document']).optional() }).optional(),
});
/** The TypeScript type of {@link AsyncEmbeddingRequestSchema}. */
export type AsyncEmbeddingRequest = z.infer<typeof AsyncEmbeddingRequestSchema>;

/**
 * One line of an async embedding result file: the vector of input line `text_index` (0-based), or its
 * error. DashScope's line format was not captured: lines may carry the fields at the top level or under
 * `output`, and both are read.
 */
export const AsyncEmbeddingResultLineSchema = z.looseObject({
  text_index: z.number().int().nonnegative(),
  embedding: z.array(z.number()).nullish(),
  code: z.union([z.string(), z.number()]).nullish(),
  message: z.string().nullish(),
});
