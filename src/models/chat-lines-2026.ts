import type { ChatModelInfo } from './model-info.js';
import { cny, usd } from './price-row.js';

const MODELS_PAGE = 'https://help.aliyun.com/zh/model-studio/models';
const SEEN = '2026-12';

type LineEntry = Omit<ChatModelInfo, 'kind' | 'protocols' | 'seen'> & Partial<Pick<ChatModelInfo, 'protocols' | 'seen'>>;

function line(entry: LineEntry): ChatModelInfo {
  return { kind: 'chat', protocols: ['native', 'compatible'], seen: SEEN, ...entry };
}

/**
 * What every Qwen3.5+ line shares: natively on multimodal-generation (text-generation answers 400 "url
 * error"), text + image + video input, hybrid thinking that is on unless `enable_thinking: false` is sent,
 * non-streaming thinking accepted (third-party: dify-official-plugins PR #2626 stopped forcing qwen3.5 into
 * streams), `result_format: message`.
 * Sources: https://help.aliyun.com/en/model-studio/qwen-api-via-dashscope (Mar 2026),
 * https://help.aliyun.com/en/model-studio/deep-thinking (Dec 2026).
 */
const QWEN35_LINE = {
  nativeEndpoint: 'multimodal-generation',
  vision: true,
  defaultResultFormat: 'message',
  thinking: 'hybrid',
  thinksByDefault: true,
  thinkingRequiresStream: false,
  streamOnly: false,
} as const;

const MILLION_CONTEXT = { contextWindow: 1_000_000, maxOutputTokens: 65_536 } as const;

/**
 * The chat models of 2026 in the catalog: the Qwen3.5, 3.6, 3.7 and 3.8 plus / flash / max lines, the
 * Qwen3 coder models and qwen-long. Values not confirmed in Alibaba's own documentation carry
 * `confidence: 'uncertain'` and a `note` naming them.
 */
export const CHAT_LINES_2026: readonly ChatModelInfo[] = [
  line({
    id: 'qwen3.5-plus', ...QWEN35_LINE, ...MILLION_CONTEXT, docs: MODELS_PAGE,
    regions: ['cn-beijing', 'ap-southeast-1'],
    prices: [usd('ap-southeast-1', 0.4, 2.4, SEEN, false)],
    confidence: 'documented',
    note: 'context 1,000,000 and output 65,536 per the Beijing model table; the Singapore price is third-party (Vercel AI Gateway list).',
  }),
  line({
    id: 'qwen3.5-flash', ...QWEN35_LINE, contextWindow: 1_000_000, maxOutputTokens: 32_768, docs: MODELS_PAGE,
    regions: ['cn-beijing', 'ap-southeast-1'],
    prices: [usd('ap-southeast-1', 0.1, 0.4, SEEN, false)],
    confidence: 'uncertain',
    note: 'output 32,768 and the price are third-party (Vercel AI Gateway, EmpirioLabs); context 1M from launch notes.',
  }),
  line({
    id: 'qwen3.6-plus', ...QWEN35_LINE, ...MILLION_CONTEXT, docs: MODELS_PAGE,
    regions: ['cn-beijing', 'ap-southeast-1'],
    prices: [usd('ap-southeast-1', 0.5, 3, SEEN, false)],
    confidence: 'uncertain',
    note: 'context 1M, output 65,536 and the price are third-party (Vercel AI Gateway, haimaker); no official model page was found.',
  }),
  line({
    id: 'qwen3.6-flash', ...QWEN35_LINE, contextWindow: 1_000_000, maxOutputTokens: 32_768, docs: MODELS_PAGE,
    regions: ['cn-beijing', 'ap-southeast-1'], prices: [],
    confidence: 'uncertain',
    note: 'listed by third-party gateways only; limits assumed from qwen3.5-flash.',
  }),
  line({
    id: 'qwen3.6-max-preview', ...QWEN35_LINE, vision: false, contextWindow: 262_144, maxOutputTokens: 65_536, docs: MODELS_PAGE,
    regions: ['cn-beijing', 'ap-southeast-1'],
    prices: [usd('ap-southeast-1', 1.3, 7.8, SEEN, false)],
    confidence: 'uncertain',
    note: 'context ~256K, text-only input and the price from launch reviews (Apr 2026); the output cap is an assumption.',
  }),
  line({
    id: 'qwen3.7-plus', ...QWEN35_LINE, ...MILLION_CONTEXT, docs: MODELS_PAGE,
    regions: ['cn-beijing', 'ap-southeast-1'],
    prices: [usd('ap-southeast-1', 0.4, 1.6, SEEN, false)],
    confidence: 'uncertain',
    note: 'context 1M, output 64K and $0.40/$1.60 are third-party (Vercel AI Gateway, apidog); no official model page was found.',
  }),
  line({
    id: 'qwen3.7-max', ...QWEN35_LINE, ...MILLION_CONTEXT, docs: MODELS_PAGE,
    regions: ['cn-beijing', 'ap-southeast-1'], prices: [],
    confidence: 'uncertain',
    note: 'context 1M from a third-party listing (B.AI); output cap and vision input assumed.',
  }),
  line({
    id: 'qwen3.8-max', ...QWEN35_LINE, contextWindow: 1_000_000, maxOutputTokens: 131_072, docs: 'https://help.aliyun.com/en/model-studio/deep-thinking',
    regions: ['cn-beijing', 'ap-southeast-1'],
    prices: [usd('ap-southeast-1', 2, 6, SEEN, false)],
    confidence: 'uncertain',
    note: 'hybrid thinking per the deep-thinking page (its example sends enable_thinking to qwen3.8-max); a 3P listing calls it thinking-only. Context 1M, output 131,072 and $2/$6 are third-party (APIYI); rate limits are dynamic, tied to monthly spend.',
  }),
  line({
    id: 'qwen3.8-flash', ...QWEN35_LINE, contextWindow: 1_000_000, maxOutputTokens: 65_536, docs: 'https://help.aliyun.com/zh/model-studio/rate-limit',
    regions: ['cn-beijing', 'ap-southeast-1'], prices: [],
    confidence: 'uncertain',
    note: 'named on the rate-limit page (dynamic limits tied to monthly spend); context and output assumed from the line.',
  }),
  line({
    id: 'qwen3-coder-plus', nativeEndpoint: 'text-generation', vision: false, defaultResultFormat: 'message',
    thinking: 'none', thinkingRequiresStream: false, streamOnly: false, contextWindow: 1_000_000, maxOutputTokens: 65_536,
    docs: 'https://www.alibabacloud.com/help/en/model-studio/qwen-coder',
    regions: ['cn-beijing', 'ap-southeast-1'], prices: [],
    confidence: 'uncertain',
    note: 'context 1M from third-party listings (Vercel AI Gateway); output 65,536 is the open-weight model card’s advice; non-thinking per the model card.',
  }),
  line({
    id: 'qwen3-coder-flash', nativeEndpoint: 'text-generation', vision: false, defaultResultFormat: 'message',
    thinking: 'none', thinkingRequiresStream: false, streamOnly: false, contextWindow: 1_000_000, maxOutputTokens: 65_536,
    docs: 'https://www.alibabacloud.com/help/en/model-studio/qwen-coder',
    regions: ['cn-beijing', 'ap-southeast-1'], prices: [],
    confidence: 'uncertain',
    note: 'limits assumed equal to qwen3-coder-plus (Qwen3-Coder-30B-A3B: 256K native, 1M with YaRN).',
  }),
  line({
    id: 'qwen-long', nativeEndpoint: 'text-generation', vision: false, defaultResultFormat: 'text',
    thinking: 'none', thinkingRequiresStream: false, streamOnly: false, contextWindow: 10_000_000, maxInputTokens: 10_000_000,
    maxOutputTokens: 32_768, docs: 'https://www.alibabacloud.com/help/en/model-studio/long-context-qwen-long',
    regions: ['cn-beijing'], prices: [cny('cn-beijing', 0.5, 2, '2025-12', false)],
    confidence: 'uncertain',
    note: 'Beijing only; 10,000,000 tokens counting files uploaded with purpose "file-extract" and referenced as fileid://… in a system message (an HTTP body itself carries at most ~1M tokens). Output 32,768 and the price were not confirmed.',
  }),
];
