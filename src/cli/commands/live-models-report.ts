import { listModels, type ModelInfo, type Region } from '../../models/index.js';
import type { ModelList } from '../../resources/models/models.js';

/** `dashscope-kit models --live`: the live list beside the catalog, and what each side lacks. */
export interface LiveModelsReport {
  /** The key's region (informational when a base URL is set). */
  region: Region;
  /** Live model ids, in the service's order, each with its catalog kind (`null` when the catalog lacks it). */
  live: { id: string; kind: ModelInfo['kind'] | null }[];
  /** Live models the catalog does not know (no local limits or prices for them). */
  missingFromCatalog: string[];
  /**
   * Catalog models that should be listed live but are not: those of the region on the compatible
   * protocol, chat and embedding only (rerank lives on another compatible base, `/compatible-api/v1`).
   */
  missingLive: string[];
}

/**
 * Compares a live model list (`client.models.list()`) with the catalog for a region.
 * @param list the live list; each entry already carries its catalog match.
 * @param region the client's region.
 */
export function liveModelsReport(list: ModelList, region: Region): LiveModelsReport {
  const live = list.data.map((model) => ({ id: model.id, kind: model.catalog?.kind ?? null }));
  const liveIds = new Set(live.map((model) => model.id));
  const expected = listModels({ region }).filter((model) => model.kind !== 'rerank' && model.protocols.includes('compatible'));
  return {
    region,
    live,
    missingFromCatalog: live.filter((model) => model.kind === null).map((model) => model.id),
    missingLive: expected.filter((model) => !liveIds.has(model.id)).map((model) => model.id),
  };
}
