import type { MultimodalContent } from '../../wire/multimodal-embeddings.js';

/** Multimodal embedding model ids the catalog knows; any other string is accepted too. */
export type MultimodalEmbeddingModel =
  | 'qwen3-vl-embedding'
  | 'qwen2.5-vl-embedding'
  | 'tongyi-embedding-vision-plus'
  | 'tongyi-embedding-vision-flash'
  | 'multimodal-embedding-v1'
  | (string & {});

/**
 * Parameters of `client.multimodalEmbeddings.create`: one request to the native multimodal embedding
 * endpoint. Per-model limits (elements per request, tokens per text, image and video bytes, dimensions,
 * fusion) come from the catalog: https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference
 */
export interface MultimodalEmbeddingCreateParams {
  model: MultimodalEmbeddingModel;
  input: {
    /**
     * Elements to embed, each `{ text }`, `{ image }` (public URL or `data:image/{format};base64,...`)
     * or `{ video }` (public URL). One vector per element, or one for all with `enable_fusion`.
     */
    contents: MultimodalContent[];
  };
  parameters?: {
    /** Output dimension; must be one the model allows (qwen3-vl-embedding: 2560 … 256). */
    dimension?: number;
    /** qwen3-vl-embedding only: one fused vector for all `contents` instead of one per element. */
    enable_fusion?: boolean;
    /** Video frame sampling rate in [0, 1] (default 1.0 on the service). */
    fps?: number;
    /** Task description guiding the embedding. */
    instruct?: string;
  };
  /** Only `native` exists for these models; `compatible` is refused before sending. Default: native, whatever the client's protocol. */
  protocol?: 'native' | 'compatible';
}

/** One vector, matched to its element by `index` (position in `contents`; 0 for a fused vector). */
export interface MultimodalEmbedding {
  index: number;
  embedding: number[];
  /** What the service says the vector is of (`text`, `image`, `video`, or a fused vector's type). */
  type: string | undefined;
}

/** Result of `client.multimodalEmbeddings.create`. */
export interface MultimodalEmbeddingResult {
  /** Sorted by `index`: one per element, or exactly one when `fused`. */
  embeddings: MultimodalEmbedding[];
  /** Units: tokens. `input_tokens` covers text and media; `image_tokens` the media part (0 when absent); other counters the service sends are kept. */
  usage: { input_tokens: number; image_tokens: number } & Record<string, number>;
  request_id: string;
  model: string;
  /** Length of every vector. */
  dimension: number;
  /** Whether the request asked for one fused vector (`enable_fusion`). */
  fused: boolean;
}
