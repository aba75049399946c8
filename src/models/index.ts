export {
  DEFAULT_RERANK_INSTRUCT,
  MODEL_CATALOG,
  getChatModel,
  getEmbeddingModel,
  getModelInfo,
  getModelPrice,
  getMultimodalEmbeddingModel,
  getRerankModel,
  listModels,
} from './catalog.js';
export type {
  ChatModelInfo,
  Confidence,
  EmbeddingModelInfo,
  ModelInfo,
  ModelPrice,
  ModelRateLimits,
  MultimodalContentType,
  MultimodalEmbeddingModelInfo,
  Protocol,
  RerankModelInfo,
} from './model-info.js';
export { REGIONS, REGION_ALIASES, regionOrigin, resolveRegion, trialOrigin } from './regions.js';
export type { Region } from './regions.js';
export { nativeChatEndpoint, type NativeChatEndpoint } from './native-chat-endpoint.js';
export { allowedDimensions } from './allowed-dimensions.js';
export { thinksFor } from './thinks-for.js';
