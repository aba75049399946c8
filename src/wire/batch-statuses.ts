// The Batch API's endpoint and status lists, without zod: the root entry exports them, and importing it must
// not load the wire schemas (issue 12, cold import). https://docs.qwencloud.com/api-reference/platform-api/batch/create-batch

/** The endpoints a batch can run. `/v1/chat/ds-test` is the dry run with model `batch-test-model`. */
export const BATCH_ENDPOINTS = ['/v1/chat/completions', '/v1/embeddings', '/v1/chat/ds-test'] as const;
/** One of {@link BATCH_ENDPOINTS}. */
export type BatchEndpoint = (typeof BATCH_ENDPOINTS)[number];

/** Every status of the batch lifecycle. */
export const BATCH_STATUSES = ['validating', 'in_progress', 'finalizing', 'completed', 'failed', 'expired', 'cancelling', 'cancelled'] as const;
/** One of {@link BATCH_STATUSES}. */
export type BatchStatus = (typeof BATCH_STATUSES)[number];
