export {
  countTokens,
  countTokensBatch,
  encodeTokens,
  truncateToTokens,
  type TruncateResult,
} from './count-tokens.js';
export {
  countChatTokens,
  type ChatMessageForCount,
  type CountChatTokensOptions,
} from './count-chat-tokens.js';
export { estimateTokens, ESTIMATE_MAX_OVERCOUNT } from './estimate-tokens.js';
export { isTokenizerLoaded, preloadTokenizer } from './load-tokenizer.js';
export { tokenCountAccuracy, type TokenCountAccuracy } from './token-count-accuracy.js';
export { UnsupportedTokenizerModelError } from './errors.js';
