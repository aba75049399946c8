export { createDashScope, dashscope } from './create-dashscope.js';
export type { DashScopeProvider, DashScopeProviderOptions } from './create-dashscope.js';
export { DashScopeLanguageModel } from './dashscope-language-model.js';
export type { DashScopeLanguageModelOptions } from './build-chat-params.js';
export { DashScopeEmbeddingModel } from './dashscope-embedding-model.js';
export type { DashScopeEmbeddingOptions } from './dashscope-embedding-model.js';
export { DashScopeRerankingModel } from './dashscope-reranking-model.js';
export type { DashScopeRerankingOptions } from './dashscope-reranking-model.js';
