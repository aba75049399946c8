import { InputValidationError, ResponseValidationError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestJSON, type TransportConfig } from '../../core/transport.js';
import { formatIssues } from '../../wire/format-issues.js';
import { PATHS } from '../../wire/paths.js';
import type { ChatMessage } from '../chat/chat-types.js';
import { assertParamsObject } from '../assert-params-object.js';
import { checkChatMessages } from '../chat/validate-chat-params.js';

/** Parameters of `client.tokenization.create`: a prompt or messages for a Qwen chat model. */
export interface TokenizationCreateParams {
  model: string;
  /** Plain text to count (use this or `messages`). */
  prompt?: string;
  /** Messages to count (use this or `prompt`). */
  messages?: ChatMessage[];
}

/** Result of the remote tokenizer. Units: tokens. */
export interface TokenizationResult {
  token_ids: number[];
  tokens: string[];
  usage: { input_tokens: number };
  request_id: string;
}

/**
 * `client.tokenization`: DashScope's remote tokenizer (`POST /api/v1/tokenizer`, free, estimate-only;
 * prefer the local `dashscope-kit/tokenizer`). Docs: https://help.aliyun.com/zh/dashscope/developer-reference/token-api
 */
export class Tokenization {
  readonly #transport: TransportConfig;

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig) {
    this.#transport = transport;
  }

  /**
   * Tokenizes a prompt or messages remotely.
   * @throws InputValidationError when params are not an object, the model is missing, neither or both of
   *   `prompt` and `messages` are given, the prompt is empty or a message is malformed;
   *   ResponseValidationError; APIError subclasses and connection errors.
   */
  async create(params: TokenizationCreateParams, options: RequestOptions = {}): Promise<TokenizationResult> {
    assertParamsObject(params, 'tokenization.create');
    if ((params.prompt === undefined) === (params.messages === undefined)) {
      throw new InputValidationError('Pass exactly one of prompt or messages.', 'prompt');
    }
    if (params.prompt !== undefined && (typeof params.prompt !== 'string' || params.prompt === '')) {
      throw new InputValidationError(`prompt must be a non-empty string (got ${JSON.stringify(params.prompt)}).`, 'prompt', { value: params.prompt });
    }
    if (params.messages !== undefined) checkChatMessages(params.messages);
    // Imported on first use, not with the root entry (issue 12, cold import).
    const { toNativeMessages } = await import('../chat/convert-messages.js');
    const input = params.messages ? { messages: toNativeMessages(params.messages, false) } : { prompt: params.prompt };
    const { body } = await requestJSON(this.#transport, { path: PATHS.nativeTokenizer, body: { model: params.model, input } }, options);
    const { TokenizerResponseSchema } = await import('../../wire/tokenizer.js');
    const parsed = TokenizerResponseSchema.safeParse(body);
    if (!parsed.success) throw new ResponseValidationError('Unexpected tokenizer response shape', formatIssues(parsed.error));
    const { output, usage, request_id } = parsed.data;
    return { token_ids: output.token_ids, tokens: output.tokens, usage: { input_tokens: usage.input_tokens }, request_id: request_id ?? '' };
  }
}
