import { InputValidationError, StreamTruncatedError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestEventStream, requestJSON, type CallSpec, type TransportConfig } from '../../core/transport.js';
import { formatIssues } from '../../wire/format-issues.js';
import { ChatStream } from './chat-stream.js';
import { thinksFor } from '../../models/thinks-for.js';
import { validateChatParams } from './validate-chat-params.js';
import type { ChatCompletion, ChatCompletionChunk, ChatCreateParams } from './chat-types.js';

// Imported on a call's first need, not with the root entry (issue 12, cold import): the wire schemas and the
// parsers built on them load zod; the request builders and the token check are call-time code.
const parsers = () => import('./parse-chat-response.js');
const builders = () => import('./build-chat-request.js');

/**
 * `client.chat`: Qwen chat on the native text/multimodal-generation endpoints or the OpenAI-compatible
 * `/compatible-mode/v1/chat/completions`. Docs: https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api
 */
export class Chat {
  readonly #transport: TransportConfig;
  readonly #defaultProtocol: () => 'native' | 'compatible';

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig, defaultProtocol: () => 'native' | 'compatible') {
    this.#transport = transport;
    this.#defaultProtocol = defaultProtocol;
  }

  /**
   * Creates a chat completion. With `stream: true` resolves to a {@link ChatStream} of delta chunks;
   * otherwise to a {@link ChatCompletion}. A non-streaming call to a model that only thinks (or only
   * answers) when streaming — a thinking-only model, or one that thinks by default (`thinksByDefault`, e.g.
   * the open-source Qwen3 models) without `enable_thinking: false` — is streamed and assembled for you.
   * `enable_thinking` is sent whenever set, `true` or `false`, on both protocols.
   *
   * @example
   * const stream = await client.chat.create({ model: 'qwen-plus', messages: [{ role: 'user', content: 'Hi' }], stream: true });
   * for await (const chunk of stream) process.stdout.write(chunk.choices[0]?.delta.content ?? '');
   *
   * @throws InputValidationError before sending (see `validateChatParams`: empty or malformed messages, a
   *   model of another kind, `enable_thinking: true` on a model that cannot think; a prompt over the
   *   model's context window, see `checkChatPromptTokens`; out-of-range params, bad parts);
   *   APIError subclasses, APIConnectionError, APIConnectionTimeoutError, APIUserAbortError; for streams
   *   (also from the iterator) StreamIdleTimeoutError, StreamTimeoutError, ResponseTooLargeError and
   *   StreamTruncatedError (compatible stream without `[DONE]`, native without a final `finish_reason`).
   */
  create(params: ChatCreateParams & { stream: true }, options?: RequestOptions): Promise<ChatStream>;
  create(params: ChatCreateParams & { stream?: false | undefined }, options?: RequestOptions): Promise<ChatCompletion>;
  create(params: ChatCreateParams, options?: RequestOptions): Promise<ChatStream | ChatCompletion>;
  async create(params: ChatCreateParams, options: RequestOptions = {}): Promise<ChatStream | ChatCompletion> {
    const model = validateChatParams(params);
    await (await import('./check-chat-prompt-tokens.js')).checkChatPromptTokens(params.messages, model);
    const protocol = params.protocol ?? this.#defaultProtocol();
    const wantsThinking = model !== undefined && thinksFor(model, params.enable_thinking);
    const mustStream = model !== undefined && (model.streamOnly || (wantsThinking && model.thinkingRequiresStream));
    if (!params.stream && mustStream) {
      const stream = await this.#stream(params, protocol, options);
      return stream.finalCompletion();
    }
    if (params.stream) return this.#stream(params, protocol, options);
    const spec = await this.#build(params, protocol, false);
    const { body } = await requestJSON(this.#transport, spec, options);
    const { parseCompatibleChatResponse, parseNativeChatResponse } = await parsers();
    return protocol === 'native' ? parseNativeChatResponse(body, params.model) : parseCompatibleChatResponse(body, params.model);
  }

  async #stream(params: ChatCreateParams, protocol: 'native' | 'compatible', options: RequestOptions): Promise<ChatStream> {
    const spec = await this.#build(params, protocol, true);
    const { events } = await requestEventStream(this.#transport, spec, options);
    const { NativeChunkParser, parseCompatibleChunk } = await parsers();
    const model = params.model;
    const cumulative = protocol === 'native' && params.incremental_output === false;
    const parser = new NativeChunkParser(model, cumulative);
    async function* chunks(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
      let received = 0;
      let finishedNatively = false;
      try {
        for await (const payload of events) {
          received++;
          if (protocol === 'compatible') {
            yield parseCompatibleChunk(payload, model);
            continue;
          }
          const chunk = parser.parse(payload);
          if (chunk.choices.some((choice) => choice.finish_reason !== null)) finishedNatively = true;
          yield chunk;
        }
        if (protocol === 'native' && !finishedNatively) throw new StreamTruncatedError('finish_reason', received);
      } finally {
        await events.return(undefined);
      }
    }
    return new ChatStream(chunks(), model);
  }

  async #build(params: ChatCreateParams, protocol: 'native' | 'compatible', stream: boolean): Promise<CallSpec> {
    const { buildCompatibleChatRequest, buildNativeChatRequest } = await builders();
    const spec = protocol === 'native' ? buildNativeChatRequest(params, stream) : buildCompatibleChatRequest(params, stream);
    const schema = protocol === 'native' ? (await import('../../wire/chat-native.js')).NativeChatRequestSchema : (await import('../../wire/chat-compatible.js')).CompatibleChatRequestSchema;
    const checked = schema.safeParse(spec.body);
    if (!checked.success) {
      const issues = formatIssues(checked.error).map((issue) => issue.replace(/^(parameters|input)\./, ''));
      const path = (checked.error.issues[0]?.path ?? []).filter((key) => key !== 'parameters' && key !== 'input');
      const value = path.length === 1 ? (params as Record<string, unknown>)[String(path[0])] : undefined;
      throw new InputValidationError(`Invalid chat parameters: ${issues.join('; ')}`, path.join('.'), { value });
    }
    return spec;
  }
}
