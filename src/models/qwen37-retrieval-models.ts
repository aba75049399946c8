import type { EmbeddingModelInfo, RerankModelInfo } from './model-info.js';
import { cny, usd } from './price-row.js';
import { DEFAULT_RERANK_INSTRUCT } from './rerank-instruct.js';

const SEEN = '2026-12';

/**
 * qwen3.7-text-embedding and its flash sibling: 20 rows per request, 128,000 tokens per row.
 * Sources: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api (Oct 2026 copy:
 * dims, rows, tokens, $0.07 in Singapore), https://help.aliyun.com/en/model-studio/qwen3-7-text-embedding-flash
 * (dims 1024/768/512/256, max input 131,072, batch supported).
 */
export const QWEN37_EMBEDDING_MODELS: readonly EmbeddingModelInfo[] = [
  {
    kind: 'embedding', id: 'qwen3.7-text-embedding', docs: 'https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api',
    protocols: ['native', 'compatible'], regions: ['cn-beijing', 'ap-southeast-1'], maxBatch: 20, maxTokensPerText: 128_000,
    dimensions: [2560, 2048, 1536, 1024, 768, 512, 256], defaultDimension: 1024, dimensionConfigurable: true,
    outputTypes: ['dense', 'sparse', 'dense&sparse'], supportsInstruct: true, supportsTextType: true,
    prices: [usd('ap-southeast-1', 0.07, undefined, SEEN), cny('cn-beijing', 0.5, undefined, SEEN)],
    seen: SEEN, confidence: 'uncertain',
    note: 'sparse output and instruct support are assumed from text-embedding-v4 and the flash page; rows, tokens, dims and prices are documented.',
  },
  {
    kind: 'embedding', id: 'qwen3.7-text-embedding-flash', docs: 'https://help.aliyun.com/en/model-studio/qwen3-7-text-embedding-flash',
    protocols: ['native', 'compatible'], regions: ['cn-beijing'], maxBatch: 20, maxTokensPerText: 128_000,
    dimensions: [1024, 768, 512, 256], defaultDimension: 1024, dimensionConfigurable: true,
    outputTypes: ['dense', 'sparse', 'dense&sparse'], supportsInstruct: true, supportsTextType: true,
    prices: [cny('cn-beijing', 0.125, undefined, SEEN)],
    seen: SEEN, confidence: 'uncertain',
    note: 'the model page lists Beijing only; instruct support assumed. Third-party reports of a hidden ~4.5K-token per-request cap (the call hangs) are unconfirmed.',
  },
];

/**
 * qwen3.7-text-rerank: Beijing, 32,768-token context, CNY 0.5/M, RPM 3,000.
 * Source: https://help.aliyun.com/en/model-studio/qwen3-7-text-rerank (Dec 2026 copy).
 */
export const QWEN37_RERANK_MODELS: readonly RerankModelInfo[] = [
  {
    kind: 'rerank', id: 'qwen3.7-text-rerank', docs: 'https://help.aliyun.com/en/model-studio/qwen3-7-text-rerank',
    protocols: ['native', 'compatible'], regions: ['cn-beijing'], maxDocuments: 500, maxTokensPerItem: 8_000, maxTokensPerRequest: 32_768,
    supportsInstruct: true, multimodal: false, defaultInstruct: DEFAULT_RERANK_INSTRUCT,
    prices: [cny('cn-beijing', 0.5, undefined, SEEN)],
    rateLimits: { rpm: 3_000, tpm: 5_000_000_000, region: 'cn-beijing', confidence: 'uncertain' },
    seen: SEEN, confidence: 'uncertain',
    note: 'context 32,768, price and RPM 3,000 are documented; 500 documents, 8,000 tokens per item, instruct, the compatible protocol and the TPM are assumed from qwen3-rerank.',
  },
];
