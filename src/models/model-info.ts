import type { Region } from './regions.js';

/** Wire protocol: native `/api/v1/services/...` or OpenAI-compatible (`/compatible-mode/v1`, `/compatible-api/v1`). */
export type Protocol = 'native' | 'compatible';

/** How sure the catalog is of a fact: [C] confirmed, [D] one official doc, [U] uncertain (see the protocol reference). */
export type Confidence = 'confirmed' | 'documented' | 'uncertain';

/** A price row. Units: currency per 1,000,000 tokens. `seen` is the date of the doc copy it was read from. */
export interface ModelPrice {
  region: Region;
  currency: 'USD' | 'CNY';
  /** Price per 1M input tokens. */
  input: number;
  /** Price per 1M output tokens (chat only). */
  output?: number;
  /** Price per 1M image tokens (multimodal rerank). */
  image?: number;
  seen: string;
  confidence: Confidence;
}

/** Default rate limits for a model (per Alibaba Cloud account, all keys and workspaces summed). */
export interface ModelRateLimits {
  /** Requests per minute; DashScope also enforces rpm/60 per second. */
  rpm: number;
  /** Tokens per minute; DashScope also enforces tpm/60 per second. */
  tpm: number;
  region: Region;
  confidence: Confidence;
}

interface ModelBase {
  id: string;
  protocols: readonly Protocol[];
  regions: readonly Region[];
  prices: readonly ModelPrice[];
  rateLimits?: ModelRateLimits;
  /** The DashScope documentation page the limits and defaults come from. */
  docs: string;
  /** Retirement date (ISO), when announced. */
  retires?: string;
  /** Date (ISO, `YYYY-MM` or `YYYY-MM-DD`) of the doc copy the entry's limits were read from, where recorded. */
  seen?: string;
  /**
   * How sure the entry's limits are, where recorded: `uncertain` when a value (context, output cap, region,
   * thinking default…) could not be confirmed in the documentation; `note` says which.
   */
  confidence?: Confidence;
  /** What the entry's `confidence` refers to, or a usage note (e.g. qwen-long's file-extract files). */
  note?: string;
}

/** A chat (text generation) model. */
export interface ChatModelInfo extends ModelBase {
  kind: 'chat';
  /** Native endpoint family: text-generation or multimodal-generation. */
  nativeEndpoint: 'text-generation' | 'multimodal-generation';
  /** Context window in tokens. */
  contextWindow: number;
  /** Largest prompt in tokens, where the model page gives one below the context window (qwen-turbo: 98,304). */
  maxInputTokens?: number;
  /** Maximum output tokens. */
  maxOutputTokens: number;
  /** `none`: no thinking; `hybrid`: `enable_thinking` toggles it; `always`: the model always reasons. */
  thinking: 'none' | 'hybrid' | 'always';
  /** True when thinking is only allowed on streaming calls (the SDK streams and aggregates for you). */
  thinkingRequiresStream: boolean;
  /**
   * True for `hybrid` models that think when `enable_thinking` is not sent (the Qwen3.5+ lines, the
   * open-source Qwen3 models); `enable_thinking: false` turns it off. Absent means false.
   * Source: https://help.aliyun.com/en/model-studio/deep-thinking
   */
  thinksByDefault?: boolean;
  /** True when the model only accepts streaming calls (open-source Qwen3, QwQ, QVQ, Omni). */
  streamOnly: boolean;
  /** Accepts images (and video) in messages. */
  vision: boolean;
  /** Default `result_format` on the native protocol. */
  defaultResultFormat: 'text' | 'message';
}

/** A text embedding model. */
export interface EmbeddingModelInfo extends ModelBase {
  kind: 'embedding';
  /** Maximum texts per request (rows). Exceeding it: 400 "batch size is invalid". */
  maxBatch: number;
  /** Maximum tokens per text. */
  maxTokensPerText: number;
  /** Allowed `dimension` values; the first equal to `defaultDimension` is the default. */
  dimensions: readonly number[];
  defaultDimension: number;
  /**
   * Allowed dimensions in a region where they differ from `dimensions` (text-embedding-v3 in Singapore:
   * 1024/768/512). Regions not listed allow `dimensions`.
   */
  dimensionsByRegion?: Readonly<Partial<Record<Region, readonly number[]>>>;
  /** Whether `dimension` may be sent at all (v1/v2 are fixed at 1536). */
  dimensionConfigurable: boolean;
  outputTypes: readonly ('dense' | 'sparse' | 'dense&sparse')[];
  supportsInstruct: boolean;
  supportsTextType: boolean;
}

/** A rerank model. */
export interface RerankModelInfo extends ModelBase {
  kind: 'rerank';
  /** Maximum documents per request (text documents for multimodal models). */
  maxDocuments: number;
  /** Per-modality document caps for multimodal rerank. */
  maxDocumentsByType?: { text: number; image: number; video: number };
  /** Tokens per query or document; longer items are truncated by the service (not an error). */
  maxTokensPerItem: number;
  /** Request budget: query_tokens × documents + Σ document_tokens must not exceed this. */
  maxTokensPerRequest: number;
  supportsInstruct: boolean;
  multimodal: boolean;
  defaultInstruct?: string;
}

/** A content element type of the multimodal embedding endpoint (`input.contents[i]` has one of these keys). */
export type MultimodalContentType = 'text' | 'image' | 'video';

/**
 * A multimodal embedding model (native only: `/api/v1/services/embeddings/multimodal-embedding/multimodal-embedding`).
 * Limits: https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference
 */
export interface MultimodalEmbeddingModelInfo extends ModelBase {
  kind: 'multimodal-embedding';
  /** Allowed `parameters.dimension` values. */
  dimensions: readonly number[];
  /** Dimension used when `dimension` is not sent. */
  defaultDimension: number;
  /** Tokens per text element. */
  maxTextTokens: number;
  /** Bytes per image (decoded size of a base64 data URI; a URL is fetched and checked by the service). */
  maxImageBytes: number;
  /** Bytes per video. */
  maxVideoBytes: number;
  /** Content elements per request; `undefined` where the documentation gives no count limit. */
  maxContents: number | undefined;
  /** Elements of one type per request, where the model caps them (qwen2.5-vl-embedding: one of each). */
  maxContentsByType?: Partial<Record<MultimodalContentType, number>>;
  /** Whether `parameters.enable_fusion: true` (one fused vector for all contents) is accepted. */
  supportsFusion: boolean;
  /** Sureness of the limits above as a whole; `unconfirmed` names the fields the documentation did not show. */
  limitsConfidence: Confidence;
  /** Fields whose value could not be confirmed in the documentation (marked uncertain). */
  unconfirmed: readonly string[];
}

/** Any catalog entry. */
export type ModelInfo = ChatModelInfo | EmbeddingModelInfo | RerankModelInfo | MultimodalEmbeddingModelInfo;
