/**
 * DashScope endpoint paths, relative to a region origin. One table shared by the client and the emulator.
 * https://www.alibabacloud.com/help/en/model-studio/ (per-endpoint API references)
 */
export const PATHS = {
  nativeTextGeneration: '/api/v1/services/aigc/text-generation/generation',
  nativeMultimodalGeneration: '/api/v1/services/aigc/multimodal-generation/generation',
  nativeTextEmbedding: '/api/v1/services/embeddings/text-embedding/text-embedding',
  nativeMultimodalEmbedding: '/api/v1/services/embeddings/multimodal-embedding/multimodal-embedding',
  nativeTextRerank: '/api/v1/services/rerank/text-rerank/text-rerank',
  nativeTokenizer: '/api/v1/tokenizer',
  nativeTasks: '/api/v1/tasks',
  compatibleChat: '/compatible-mode/v1/chat/completions',
  compatibleEmbeddings: '/compatible-mode/v1/embeddings',
  compatibleModels: '/compatible-mode/v1/models',
  compatibleResponses: '/compatible-mode/v1/responses',
  compatibleRerank: '/compatible-api/v1/reranks',
  compatibleFiles: '/compatible-mode/v1/files',
  compatibleBatches: '/compatible-mode/v1/batches',
} as const;
