import type { CostEstimate } from './estimate-cost.js';

/**
 * The Batch API price of a real-time estimate: 50 % of input and output (only successful requests are
 * billed; no stacking with context cache or free quota).
 * https://docs.qwencloud.com/developer-guides/text-generation/batch
 */
export function batchPrice(cost: CostEstimate): CostEstimate {
  return cost.priced ? { ...cost, amount: cost.amount * 0.5 } : cost;
}
