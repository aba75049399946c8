import { CHAT_LINES_2026 } from './chat-lines-2026.js';
import type { ChatModelInfo, EmbeddingModelInfo, ModelInfo, ModelPrice, MultimodalEmbeddingModelInfo, RerankModelInfo } from './model-info.js';
import { MULTIMODAL_EMBEDDING_MODELS } from './multimodal-embedding-models.js';
import { cny, usd } from './price-row.js';
import { QWEN37_EMBEDDING_MODELS, QWEN37_RERANK_MODELS } from './qwen37-retrieval-models.js';
import type { Region } from './regions.js';
import { DEFAULT_RERANK_INSTRUCT } from './rerank-instruct.js';

const EMBED_DOCS = 'https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api';
const RERANK_DOCS = 'https://www.alibabacloud.com/help/en/model-studio/text-rerank-api';
const CHAT_DOCS = 'https://www.alibabacloud.com/help/en/model-studio/models';
const BILLING_SEEN = '2025-04-22';

function chat(entry: Omit<ChatModelInfo, 'kind' | 'docs' | 'protocols'> & Partial<Pick<ChatModelInfo, 'protocols'>>): ChatModelInfo {
  return { kind: 'chat', docs: CHAT_DOCS, protocols: ['native', 'compatible'], ...entry };
}

const TEXT = { nativeEndpoint: 'text-generation', vision: false, defaultResultFormat: 'text' } as const;

const chatModels: ChatModelInfo[] = [
  chat({
    id: 'qwen-max', ...TEXT, regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 32_768, maxOutputTokens: 8_192,
    thinking: 'none', thinkingRequiresStream: false, streamOnly: false,
    prices: [usd('ap-southeast-1', 1.6, 6.4, BILLING_SEEN)],
    rateLimits: { rpm: 600, tpm: 1_000_000, region: 'ap-southeast-1', confidence: 'documented' },
  }),
  chat({
    id: 'qwen-plus', ...TEXT, regions: ['cn-beijing', 'ap-southeast-1', 'us-east-1'], contextWindow: 131_072, maxOutputTokens: 16_384,
    thinking: 'hybrid', thinkingRequiresStream: false, streamOnly: false,
    prices: [usd('ap-southeast-1', 0.4, 1.2, BILLING_SEEN)],
    rateLimits: { rpm: 600, tpm: 1_000_000, region: 'ap-southeast-1', confidence: 'documented' },
  }),
  chat({
    // Model page seen 2026-12: context 131,072, max input 98,304, max output 16,384 (the 1,000,000 of 2025 copies is gone).
    id: 'qwen-turbo', ...TEXT, regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 131_072, maxInputTokens: 98_304, maxOutputTokens: 16_384,
    thinking: 'hybrid', thinkingRequiresStream: false, streamOnly: false,
    prices: [usd('ap-southeast-1', 0.05, 0.2, BILLING_SEEN)],
    rateLimits: { rpm: 600, tpm: 5_000_000, region: 'ap-southeast-1', confidence: 'documented' },
  }),
  chat({
    id: 'qwen-flash', ...TEXT, regions: ['cn-beijing', 'ap-southeast-1', 'us-east-1'], contextWindow: 1_000_000, maxOutputTokens: 32_768,
    thinking: 'hybrid', thinkingRequiresStream: false, streamOnly: false,
    prices: [cny('cn-beijing', 0.15, 1.5, '2026-01', false)],
    rateLimits: { rpm: 15_000, tpm: 10_000_000, region: 'cn-beijing', confidence: 'uncertain' },
  }),
  chat({
    id: 'qwen3-max', ...TEXT, defaultResultFormat: 'message', regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 262_144,
    maxOutputTokens: 65_536, thinking: 'hybrid', thinkingRequiresStream: false, streamOnly: false,
    prices: [cny('cn-beijing', 2.5, 10, '2026-01', false)],
    rateLimits: { rpm: 600, tpm: 1_000_000, region: 'cn-beijing', confidence: 'uncertain' },
  }),
  chat({
    id: 'qwen3-235b-a22b', ...TEXT, defaultResultFormat: 'message', regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 131_072,
    maxOutputTokens: 16_384, thinking: 'hybrid', thinkingRequiresStream: true, thinksByDefault: true, streamOnly: false, prices: [],
  }),
  chat({
    id: 'qwen3-32b', ...TEXT, defaultResultFormat: 'message', regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 131_072,
    maxOutputTokens: 16_384, thinking: 'hybrid', thinkingRequiresStream: true, thinksByDefault: true, streamOnly: false, prices: [],
  }),
  chat({
    id: 'qwq-plus', ...TEXT, defaultResultFormat: 'message', regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 131_072,
    maxOutputTokens: 8_192, thinking: 'always', thinkingRequiresStream: true, streamOnly: true, prices: [],
  }),
  chat({
    id: 'qwen-vl-plus', nativeEndpoint: 'multimodal-generation', vision: true, defaultResultFormat: 'message',
    regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 131_072, maxOutputTokens: 8_192,
    thinking: 'none', thinkingRequiresStream: false, streamOnly: false, prices: [],
  }),
  chat({
    id: 'qwen-vl-max', nativeEndpoint: 'multimodal-generation', vision: true, defaultResultFormat: 'message',
    regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 131_072, maxOutputTokens: 8_192,
    thinking: 'none', thinkingRequiresStream: false, streamOnly: false, prices: [],
  }),
  chat({
    id: 'qwen3-vl-plus', nativeEndpoint: 'multimodal-generation', vision: true, defaultResultFormat: 'message',
    regions: ['cn-beijing', 'ap-southeast-1'], contextWindow: 262_144, maxOutputTokens: 32_768,
    thinking: 'hybrid', thinkingRequiresStream: false, streamOnly: false, prices: [],
  }),
];

function embedding(entry: Omit<EmbeddingModelInfo, 'kind' | 'docs'>): EmbeddingModelInfo {
  return { kind: 'embedding', docs: EMBED_DOCS, ...entry };
}

const LEGACY_EMBEDDING = {
  protocols: ['native', 'compatible'], regions: ['cn-beijing'], maxBatch: 25, maxTokensPerText: 2_048, dimensions: [1536],
  defaultDimension: 1536, dimensionConfigurable: false, outputTypes: ['dense'], supportsInstruct: false, supportsTextType: true,
  prices: [cny('cn-beijing', 0.7, undefined, '2025-12')],
} as const;

const embeddingModels: EmbeddingModelInfo[] = [
  embedding({
    id: 'text-embedding-v4', protocols: ['native', 'compatible'], regions: ['cn-beijing', 'ap-southeast-1'], maxBatch: 10,
    maxTokensPerText: 8_192, dimensions: [2048, 1536, 1024, 768, 512, 256, 128, 64], defaultDimension: 1024,
    dimensionConfigurable: true, outputTypes: ['dense', 'sparse', 'dense&sparse'], supportsInstruct: true, supportsTextType: true,
    prices: [usd('ap-southeast-1', 0.07, undefined, '2026-03'), cny('cn-beijing', 0.5, undefined, '2026-03')],
  }),
  embedding({
    id: 'text-embedding-v3', protocols: ['native', 'compatible'], regions: ['cn-beijing', 'ap-southeast-1'], maxBatch: 10,
    maxTokensPerText: 8_192, dimensions: [1024, 768, 512, 256, 128, 64], defaultDimension: 1024, dimensionConfigurable: true,
    // Singapore offers fewer dimensions (synchronous-API page, Oct 2026 copy).
    dimensionsByRegion: { 'ap-southeast-1': [1024, 768, 512] },
    outputTypes: ['dense', 'sparse', 'dense&sparse'], supportsInstruct: false, supportsTextType: true,
    prices: [usd('ap-southeast-1', 0.07, undefined, '2026-03'), cny('cn-beijing', 0.5, undefined, '2026-03', false)],
    rateLimits: { rpm: 6_000, tpm: 24_000_000, region: 'ap-southeast-1', confidence: 'documented' },
  }),
  embedding({ id: 'text-embedding-v2', ...LEGACY_EMBEDDING }),
  embedding({ id: 'text-embedding-v1', ...LEGACY_EMBEDDING }),
];

function rerank(entry: Omit<RerankModelInfo, 'kind' | 'docs'>): RerankModelInfo {
  return { kind: 'rerank', docs: RERANK_DOCS, ...entry };
}

export { DEFAULT_RERANK_INSTRUCT };

const rerankModels: RerankModelInfo[] = [
  rerank({
    id: 'qwen3-rerank', protocols: ['native', 'compatible'], regions: ['cn-beijing', 'ap-southeast-1'], maxDocuments: 500,
    maxTokensPerItem: 4_000, maxTokensPerRequest: 120_000, supportsInstruct: true, multimodal: false,
    defaultInstruct: DEFAULT_RERANK_INSTRUCT,
    prices: [usd('ap-southeast-1', 0.1, undefined, '2026-03'), cny('cn-beijing', 0.5, undefined, '2026-01')],
    rateLimits: { rpm: 5_400, tpm: 5_000_000_000, region: 'cn-beijing', confidence: 'uncertain' },
  }),
  rerank({
    id: 'gte-rerank-v2', protocols: ['native'], regions: ['cn-beijing'], maxDocuments: 500, maxTokensPerItem: 4_000,
    maxTokensPerRequest: 30_000, supportsInstruct: false, multimodal: false,
    prices: [cny('cn-beijing', 0.8, undefined, '2026-01')],
    rateLimits: { rpm: 5_040, tpm: 4_980_000_000, region: 'cn-beijing', confidence: 'uncertain' },
  }),
  rerank({
    id: 'qwen3-vl-rerank', protocols: ['native'], regions: ['cn-beijing'], maxDocuments: 100,
    maxDocumentsByType: { text: 100, image: 40, video: 4 }, maxTokensPerItem: 8_000, maxTokensPerRequest: 120_000,
    supportsInstruct: true, multimodal: true, defaultInstruct: DEFAULT_RERANK_INSTRUCT,
    prices: [{ region: 'cn-beijing', currency: 'CNY', input: 0.7, image: 1.8, seen: '2026-08', confidence: 'uncertain' }],
    rateLimits: { rpm: 600, tpm: 9_000_000, region: 'cn-beijing', confidence: 'uncertain' },
  }),
];

/**
 * Every model the SDK knows, with protocols, regions, limits, dimensions, document caps and prices
 * (each with the date of the doc copy it was read from). Unknown models are still callable: the SDK
 * then skips local limit checks. Sources: {@link ModelInfo.docs} on each entry; prices
 * https://www.alibabacloud.com/help/en/model-studio/billing-for-model-studio.
 */
export const MODEL_CATALOG: readonly ModelInfo[] = [
  ...chatModels,
  ...CHAT_LINES_2026,
  ...embeddingModels,
  ...QWEN37_EMBEDDING_MODELS,
  ...rerankModels,
  ...QWEN37_RERANK_MODELS,
  ...MULTIMODAL_EMBEDDING_MODELS,
];

const byId = new Map<string, ModelInfo>(MODEL_CATALOG.map((model) => [model.id, model]));

/** Looks a model up by id. @returns `undefined` for models the catalog does not know. */
export function getModelInfo(id: string): ModelInfo | undefined {
  return byId.get(id);
}

/** Looks an embedding model up; `undefined` when unknown or not an embedding model. */
export function getEmbeddingModel(id: string): EmbeddingModelInfo | undefined {
  const model = byId.get(id);
  return model?.kind === 'embedding' ? model : undefined;
}

/** Looks a rerank model up; `undefined` when unknown or not a rerank model. */
export function getRerankModel(id: string): RerankModelInfo | undefined {
  const model = byId.get(id);
  return model?.kind === 'rerank' ? model : undefined;
}

/** Looks a multimodal embedding model up; `undefined` when unknown or not a multimodal embedding model. */
export function getMultimodalEmbeddingModel(id: string): MultimodalEmbeddingModelInfo | undefined {
  const model = byId.get(id);
  return model?.kind === 'multimodal-embedding' ? model : undefined;
}

/** Looks a chat model up; `undefined` when unknown or not a chat model. */
export function getChatModel(id: string): ChatModelInfo | undefined {
  const model = byId.get(id);
  return model?.kind === 'chat' ? model : undefined;
}

/** Lists catalog entries, optionally filtered by kind and/or region. */
export function listModels(filter: { kind?: ModelInfo['kind']; region?: Region } = {}): ModelInfo[] {
  return MODEL_CATALOG.filter(
    (model) => (!filter.kind || model.kind === filter.kind) && (!filter.region || model.regions.includes(filter.region)),
  );
}

/** The price row for a model in a region, if the catalog has one. */
export function getModelPrice(id: string, region: Region): ModelPrice | undefined {
  return byId.get(id)?.prices.find((price) => price.region === region);
}
