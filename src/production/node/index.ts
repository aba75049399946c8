// Node-only part of dashscope-kit/production: the bulk embedding job reads and writes files with node:fs.
// Kept out of ../index.ts so the production entry stays runtime-neutral (fetch-only, like the core).
export {
  runBulkEmbedJob,
  type BulkEmbedJobOptions,
  type BulkEmbedProgress,
  type BulkEmbedReport,
} from './run-bulk-embed-job.js';
export type { BulkFailureRecord } from './bulk-output.js';
export { formatBulkOutputLine, type BulkLineId } from './bulk-output-line.js';
export { BulkEmbedInterruptedError } from './bulk-embed-interrupted-error.js';
export { estimateBulkEmbedCost, type BulkEmbedCostEstimate, type BulkEmbedCostOptions } from './estimate-bulk-embed-cost.js';
export { RedisRateStore, type RedisRateStoreOptions, type RedisScriptClient } from './redis-rate-store.js';
export { submitBulkEmbedJob, bulkEmbedQueueName, readBulkEmbedPlan, type BulkEmbedChunk, type BulkEmbedJobPlan, type SubmitBulkEmbedJobOptions } from './submit-bulk-embed-job.js';
export { runBulkEmbedWorker, chunkPaths, type BulkEmbedWorkerReport, type RunBulkEmbedWorkerOptions } from './run-bulk-embed-worker.js';
export { collectBulkEmbedJob, type CollectedBulkEmbedJob } from './collect-bulk-embed-job.js';
export type { RedisConnection } from './load-bullmq.js';
export {
  runBatchEmbedJob,
  type BatchEmbedJobOptions,
  type BatchEmbedProgress,
  type BatchEmbedReport,
} from './run-batch-embed-job.js';
export { uploadFileFromStream, type UploadFileFromStreamParams } from './upload-file-from-stream.js';
export { createStreamingUploadFetch } from './create-streaming-upload-fetch.js';
export { encodeMultipart, type EncodedMultipart } from './encode-multipart.js';
