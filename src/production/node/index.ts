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
export {
  runBatchEmbedJob,
  type BatchEmbedJobOptions,
  type BatchEmbedProgress,
  type BatchEmbedReport,
} from './run-batch-embed-job.js';
