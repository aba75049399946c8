/** Rerank model ids the catalog knows; any other string is accepted too. */
export type RerankModel = 'qwen3-rerank' | 'gte-rerank-v2' | 'qwen3-vl-rerank' | (string & {});

/**
 * A multimodal rerank item (qwen3-vl-rerank): text, image (https URL or `data:image/{format};base64,...`),
 * or video (public URL; MP4, AVI, MOV).
 */
export type RerankMultimodalItem = { text: string } | { image: string } | { video: string };

/**
 * Parameters of `client.rerank.create`: one request. Caps per model (documents, tokens per item, request
 * token budget) come from the catalog: https://www.alibabacloud.com/help/en/model-studio/text-rerank-api
 */
export interface RerankCreateParams {
  model: RerankModel;
  /** Text (all models) or a multimodal item (qwen3-vl-rerank). Must not be empty. */
  query: string | RerankMultimodalItem;
  /** Candidates: strings (text models) or strings/multimodal items (qwen3-vl-rerank). ≤ model cap. */
  documents: Array<string | RerankMultimodalItem>;
  /** How many results to return (≥ 1; more than the documents returns all). Default: all. */
  top_n?: number;
  /** Return each document with its score. */
  return_documents?: boolean;
  /** qwen3-rerank and qwen3-vl-rerank: task description in English. */
  instruct?: string;
  /** qwen3-vl-rerank video frame sampling, [0, 1]. Default 1.0. */
  fps?: number;
  /** Wire protocol: `compatible` uses `/compatible-api/v1/reranks` where the model supports it (qwen3-rerank), native otherwise. */
  protocol?: 'native' | 'compatible';
}

/** One ranked document. `index` refers to the caller's `documents` array. */
export interface RerankResultItem {
  index: number;
  /** In [0, 1]; comparable only within one request. */
  relevance_score: number;
  /** Present when `return_documents` was true. */
  document?: { text?: string; image?: string; video?: string };
}

/** Result of `client.rerank.create`, the same on both protocols. */
export interface RerankResult {
  /** Sorted by `relevance_score`, highest first. */
  results: RerankResultItem[];
  /** Units: tokens. */
  usage: { total_tokens: number };
  /** Native `request_id`, or the compatible response's `id`. */
  request_id: string;
  model: string;
}
