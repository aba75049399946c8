import { InputValidationError } from '../../core/errors.js';
import type { ChatModelInfo } from '../../models/model-info.js';
import { tokenUpperBound } from '../../tokenizer/may-exceed-tokens.js';
import { countTokensLazily } from '../count-tokens-lazily.js';
import type { ChatMessage } from './chat-types.js';

/** ChatML tokens around each message: `<|im_start|>`, the role, `\n`, `<|im_end|>`, `\n` (the role counts 1). */
const TOKENS_PER_MESSAGE = 5;
/** `<|im_start|>assistant\n`, appended before generation. */
const GENERATION_PROMPT_TOKENS = 3;

function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content.map((part) => ('text' in part && typeof part.text === 'string' ? part.text : '')).join('');
}

/**
 * Refuses a prompt that cannot fit the model: over its `maxInputTokens` where the catalog has one, else over
 * its context window. The count is a lower bound of DashScope's
 * `input_tokens` (message text with the ChatML template; tools, images and any server-side system prompt
 * not counted), so a refusal is certain. Cheap first: when the UTF-8 length of all text plus the template
 * fits, nothing is counted; otherwise the Qwen tokenizer is loaded (first need only; without a loadable
 * tokenizer the server decides). Context windows: https://www.alibabacloud.com/help/en/model-studio/models
 *
 * @param messages already checked by `checkChatMessages`.
 * @param model the catalog entry (unknown models have no local limit).
 * @throws InputValidationError (`param: 'messages'`, `value`: prompt tokens, `limit`: the input limit in tokens).
 */
export async function checkChatPromptTokens(messages: readonly ChatMessage[], model: ChatModelInfo | undefined): Promise<void> {
  if (!model) return;
  const texts = messages.map(messageText);
  const overhead = texts.length * TOKENS_PER_MESSAGE + GENERATION_PROMPT_TOKENS;
  const window = model.maxInputTokens ?? model.contextWindow;
  let upper = overhead;
  for (const text of texts) upper += text.length * 9 > window ? tokenUpperBound(text) : text.length * 9;
  if (upper <= window) return;
  const counts = await countTokensLazily(texts);
  if (!counts) return;
  const tokens = counts.reduce((sum, count) => sum + count, overhead);
  if (tokens <= window) return;
  throw new InputValidationError(
    `The prompt is at least ${tokens} tokens; ${model.id} accepts at most ${window} input tokens${model.maxInputTokens === undefined ? ' (its context window)' : ''}. Shorten the messages or choose a long-context model.`,
    'messages',
    { value: tokens, limit: window },
  );
}
