import { countTokens } from './count-tokens.js';

/**
 * A chat message as sent to DashScope (native `input.messages[]` or OpenAI-compatible
 * `messages[]`). Only text is counted: `content` may be a string, `null` (assistant tool-call
 * turns) or an array of parts whose `text` fields are concatenated; image/video/audio parts are
 * ignored.
 */
export interface ChatMessageForCount {
  role: string;
  content: string | null | ReadonlyArray<{ text?: string | undefined }>;
}

/** Options for {@link countChatTokens}. */
export interface CountChatTokensOptions {
  /** DashScope model name; only used to refuse non-Qwen vocabularies (see `countTokens`). */
  model?: string;
  /**
   * Add the `<|im_start|>assistant\n` prompt (3 tokens) that the server appends before generating.
   * Default `true`.
   */
  addGenerationPrompt?: boolean;
}

function contentText(content: ChatMessageForCount['content'], index: number): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) {
    throw new TypeError(`countChatTokens: messages[${index}].content must be a string, null or an array`);
  }
  return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
}

/**
 * Estimates the prompt tokens of a Qwen chat request by rendering the messages with the ChatML
 * template and counting the result with the Qwen tokenizer:
 *
 * ```
 * <|im_start|>{role}\n{content}<|im_end|>\n      (per message: 4 + role + content tokens, usually)
 * <|im_start|>assistant\n                          (generation prompt, 3 tokens, on by default)
 * ```
 *
 * This is an ESTIMATE of `usage.input_tokens`: DashScope does not publish its server template.
 * Not counted: tool/function definitions and tool-call arguments, images/audio/video, a default
 * system prompt the server may inject, and thinking-mode markers. Special-token strings typed
 * literally inside message text (`<|im_end|>`, …) count as one token each here.
 *
 * @param messages the conversation, in order.
 * @param options `{ model?, addGenerationPrompt? }`.
 * @returns estimated prompt tokens (integer ≥ 0).
 * @throws {TypeError} when `messages` is not an array of `{ role: string, content }`.
 * @throws {UnsupportedTokenizerModelError} when `options.model` uses a non-Qwen vocabulary.
 * @see https://docs.qwencloud.com/api-reference/chat/dashscope
 */
export async function countChatTokens(
  messages: ReadonlyArray<ChatMessageForCount>,
  options: CountChatTokensOptions = {},
): Promise<number> {
  if (!Array.isArray(messages)) throw new TypeError('countChatTokens: messages must be an array');
  let rendered = '';
  messages.forEach((message, i) => {
    if (typeof message !== 'object' || message === null || typeof message.role !== 'string' || message.role === '') {
      throw new TypeError(`countChatTokens: messages[${i}].role must be a non-empty string`);
    }
    rendered += `<|im_start|>${message.role}\n${contentText(message.content, i)}<|im_end|>\n`;
  });
  if (options.addGenerationPrompt ?? true) rendered += '<|im_start|>assistant\n';
  return options.model === undefined ? countTokens(rendered) : countTokens(rendered, options.model);
}
