import type { ModelPrice, MultimodalEmbeddingModelInfo } from './model-info.js';

/** The page every limit and price below was read from (zh and en copies, seen 2026-12). */
const DOCS = 'https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference';
const SEEN = '2026-12';
const MB = 1024 * 1024;

function price(region: ModelPrice['region'], currency: ModelPrice['currency'], text: number, image: number, confident: boolean): ModelPrice {
  return { region, currency, input: text, image, seen: SEEN, confidence: confident ? 'documented' : 'uncertain' };
}

function model(entry: Omit<MultimodalEmbeddingModelInfo, 'kind' | 'docs' | 'protocols'>): MultimodalEmbeddingModelInfo {
  return { kind: 'multimodal-embedding', docs: DOCS, protocols: ['native'], ...entry };
}

const TONGYI_VISION = {
  maxTextTokens: 1_024,
  maxImageBytes: 3 * MB,
  maxVideoBytes: 10 * MB,
  maxContents: undefined,
  supportsFusion: false,
  limitsConfidence: 'documented',
} as const;

/**
 * Multimodal embedding models (text, image and video in one vector space), native protocol only: the
 * compatible endpoint answers 404 "Unsupported model … for OpenAI compatibility mode". Prices are per
 * 1,000,000 tokens, `input` for text and `image` for image/video tokens. Values the documentation did not
 * show are listed in each entry's `unconfirmed`.
 * Source: https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference (and its en copy on
 * alibabacloud.com; the Singapore table on docs.qwencloud.com/developer-guides/embeddings/multimodal-embedding).
 */
export const MULTIMODAL_EMBEDDING_MODELS: readonly MultimodalEmbeddingModelInfo[] = [
  model({
    id: 'qwen3-vl-embedding',
    regions: ['cn-beijing'],
    dimensions: [2560, 2048, 1536, 1024, 768, 512, 256],
    defaultDimension: 1024,
    maxTextTokens: 32_000,
    maxImageBytes: 5 * MB,
    maxVideoBytes: 50 * MB,
    maxContents: 20,
    supportsFusion: true,
    limitsConfidence: 'documented',
    unconfirmed: ['defaultDimension', 'maxContents', 'rateLimits'],
    prices: [price('cn-beijing', 'CNY', 0.7, 1.8, true)],
    rateLimits: { rpm: 1_200, tpm: 600_000, region: 'cn-beijing', confidence: 'uncertain' },
  }),
  model({
    id: 'qwen2.5-vl-embedding',
    regions: ['cn-beijing'],
    dimensions: [2048, 1024, 768, 512],
    defaultDimension: 1024,
    maxTextTokens: 32_000,
    maxImageBytes: 5 * MB,
    maxVideoBytes: 50 * MB,
    maxContents: 3,
    maxContentsByType: { text: 1, image: 1, video: 1 },
    supportsFusion: false,
    limitsConfidence: 'uncertain',
    unconfirmed: ['defaultDimension', 'maxTextTokens', 'maxImageBytes', 'maxVideoBytes', 'maxContentsByType', 'supportsFusion', 'prices'],
    prices: [price('cn-beijing', 'CNY', 0.7, 1.8, false)],
  }),
  model({
    id: 'tongyi-embedding-vision-plus',
    regions: ['cn-beijing', 'ap-southeast-1'],
    dimensions: [1152, 1024, 512, 256, 128, 64],
    defaultDimension: 1152,
    ...TONGYI_VISION,
    unconfirmed: [],
    prices: [price('cn-beijing', 'CNY', 0.5, 0.5, true), price('ap-southeast-1', 'USD', 0.09, 0.09, true)],
  }),
  model({
    id: 'tongyi-embedding-vision-flash',
    regions: ['cn-beijing', 'ap-southeast-1'],
    dimensions: [768, 512, 256, 128, 64],
    defaultDimension: 768,
    ...TONGYI_VISION,
    unconfirmed: [],
    prices: [price('cn-beijing', 'CNY', 0.15, 0.15, true), price('ap-southeast-1', 'USD', 0.09, 0.03, true)],
  }),
  model({
    id: 'multimodal-embedding-v1',
    regions: ['cn-beijing'],
    dimensions: [1024],
    defaultDimension: 1024,
    maxTextTokens: 512,
    maxImageBytes: 3 * MB,
    maxVideoBytes: 10 * MB,
    maxContents: undefined,
    supportsFusion: false,
    limitsConfidence: 'documented',
    unconfirmed: ['maxContents', 'rateLimits (RPM 120 per the 2026-12 reference; no TPM found)', 'prices (the zh page prices it, the tc page says free trial)'],
    prices: [price('cn-beijing', 'CNY', 0.7, 0.9, false)],
  }),
];
