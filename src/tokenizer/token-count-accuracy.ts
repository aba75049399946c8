/**
 * How far a local Qwen BPE count can be trusted for a DashScope model:
 * - `exact`: Qwen chat models (`qwen-*`, `qwen2.5-*`, `qwen3-*`, `qwq-*`, `qvq-*`, `qwen-vl-*`
 *   for their text). The count of a string equals what DashScope's tokenizer API reports
 *   (checked against the recorded `/api/v1/tokenizer` fixture for `qwen-max`). A chat request's
 *   `usage.input_tokens` is larger: it adds role/template tokens, see `countChatTokens`.
 * - `lower_bound`: embedding and rerank models (`text-embedding-*`, `*-embedding*`, `*rerank*`).
 *   DashScope does not document their tokenizer; the evidence says it is the same Qwen BPE
 *   (reference §8 [U]), but the server may add instruction/template tokens, and rerank bills the
 *   query once per document (§6.4).
 * - `unsupported`: models DashScope hosts that use a different vocabulary (DeepSeek, Kimi /
 *   Moonshot, GLM / ChatGLM, Llama, Baichuan, MiniMax, Yi). Counting functions refuse them.
 * - `unknown`: anything else; the Qwen BPE count is returned but is only a guess.
 *
 * Source: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api and the
 * legacy tokenizer page https://help.aliyun.com/zh/dashscope/developer-reference/token-api
 */
export type TokenCountAccuracy = 'exact' | 'lower_bound' | 'unsupported' | 'unknown';

const LOWER_BOUND = /(^text-embedding-|embedding|rerank)/i;
const EXACT = /^(qwen|qwq|qvq)/i;
const UNSUPPORTED = /^(deepseek|kimi|moonshot|glm|chatglm|llama|baichuan|minimax|abab|yi-)/i;

/**
 * Classifies how accurate `countTokens(text, model)` is for `model` (see
 * {@link TokenCountAccuracy}). Pure string matching on the model name; no vocabulary load.
 *
 * @param model a DashScope model name such as `qwen-plus`, `text-embedding-v4`, `qwen3-rerank`.
 * @returns the accuracy class.
 * @throws {TypeError} when `model` is not a non-empty string.
 */
export function tokenCountAccuracy(model: string): TokenCountAccuracy {
  if (typeof model !== 'string' || model.trim() === '') {
    throw new TypeError('tokenCountAccuracy: model must be a non-empty string');
  }
  const name = model.trim();
  if (LOWER_BOUND.test(name)) return 'lower_bound';
  if (EXACT.test(name)) return 'exact';
  if (UNSUPPORTED.test(name)) return 'unsupported';
  return 'unknown';
}
