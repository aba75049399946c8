/**
 * Context-cache rules and prices, from https://www.alibabacloud.com/help/en/model-studio/context-cache
 * (same on help.aliyun.com/zh/model-studio/context-cache). Explicit cache: `cache_control` markers on
 * content blocks; implicit cache: automatic, no markers. A request uses one mode, never both.
 */
export const CONTEXT_CACHE = {
  /** Most `cache_control` markers one request may carry. */
  maxMarkers: 4,
  /** How many content blocks the service looks back from each marker for an existing entry. */
  lookbackBlocks: 20,
  /** Shortest prefix (tokens) an explicit marker caches; a shorter one is simply not cached. */
  explicitMinTokens: 1_024,
  /** Shortest prefix (tokens) the implicit cache considers. */
  implicitMinTokens: 256,
  /** Life of an explicit entry in ms (5 minutes), reset by every hit. */
  explicitTtlMs: 5 * 60_000,
  /** Explicit cache creation: share of the standard input price (125 %). */
  creationPriceFactor: 1.25,
  /** Explicit cache hit: share of the standard input price (10 %). */
  explicitHitPriceFactor: 0.1,
  /** Implicit cache hit: share of the standard input price (20 %). */
  implicitHitPriceFactor: 0.2,
} as const;
