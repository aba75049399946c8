import type { EmbeddingModelInfo } from './model-info.js';
import type { Region } from './regions.js';

/**
 * The `dimension` values an embedding model accepts in a region: its `dimensionsByRegion` row where the
 * region has one (text-embedding-v3 in Singapore: 1024, 768, 512), else `dimensions`.
 * Source: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 *
 * @param model the catalog entry.
 * @param region the client's region; `undefined` gives `dimensions`.
 */
export function allowedDimensions(model: EmbeddingModelInfo, region?: Region): readonly number[] {
  return (region && model.dimensionsByRegion?.[region]) || model.dimensions;
}
