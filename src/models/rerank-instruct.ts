/** Default `instruct` DashScope applies to qwen3-rerank, qwen3-vl-rerank and qwen3.7-text-rerank. */
export const DEFAULT_RERANK_INSTRUCT = 'Given a web search query, retrieve relevant passages that answer the query.';
