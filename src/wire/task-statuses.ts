// The native async task statuses and async embedding models, without zod: the root entry exports them, and
// importing it must not load the wire schemas (issue 12, cold import). https://help.aliyun.com/en/model-studio/text-embedding-batch-api

/** Every status of a native async task. `UNKNOWN` is what DashScope answers (HTTP 200) for an id it does not know. */
export const TASK_STATUSES = ['PENDING', 'RUNNING', 'SUSPENDED', 'SUCCEEDED', 'FAILED', 'CANCELED', 'UNKNOWN'] as const;
/** One of {@link TASK_STATUSES}. */
export type TaskStatus = (typeof TASK_STATUSES)[number];

/** The async batch embedding models (`X-DashScope-Async: enable`, `input.url`): 1536 dims, 100,000 lines per file. */
export const ASYNC_EMBEDDING_MODELS = ['text-embedding-async-v1', 'text-embedding-async-v2'] as const;
