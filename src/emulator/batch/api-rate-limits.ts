import type { EmulatorRateLimit } from '../emulator-options.js';

/**
 * Documented request limits of the Files and Batch APIs, by the rate-limit bucket their calls count
 * against: Files upload 3 QPS and query/list/delete 10 QPS (https://docs.qwencloud.com/api-reference/platform-api/file);
 * batch create, retrieve and cancel 1,000/min, list 100/min (https://docs.qwencloud.com/developer-guides/text-generation/batch);
 * async embedding task submission 1 RPS (https://help.aliyun.com/en/model-studio/text-embedding-batch-api).
 * Used when the emulator's `rateLimits` is `'catalog'`; otherwise give a bucket its own entry.
 */
export const API_RATE_LIMITS: Readonly<Record<string, EmulatorRateLimit>> = {
  'files.upload': { rpm: 180 },
  'files.query': { rpm: 600 },
  'batches.create': { rpm: 1_000 },
  'batches.retrieve': { rpm: 1_000 },
  'batches.list': { rpm: 100 },
  'batches.cancel': { rpm: 1_000 },
  'tasks.create': { rpm: 60 },
};
