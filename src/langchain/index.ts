export { ChatDashScope } from './chat-dashscope.js';
export type { ChatDashScopeCallOptions, ChatDashScopeFields } from './chat-dashscope.js';
export { DashScopeEmbeddings } from './dashscope-embeddings.js';
export type { DashScopeEmbeddingsFields } from './dashscope-embeddings.js';
export { DashScopeRerank } from './dashscope-rerank.js';
export type { DashScopeRerankFields } from './dashscope-rerank.js';
