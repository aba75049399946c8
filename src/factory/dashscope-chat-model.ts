import { DashScopeLanguageModel } from '../ai-sdk/dashscope-language-model.js';
import type { DashScope } from '../client.js';
import type { ChatStream } from '../resources/chat/chat-stream.js';
import type { ChatCompletion, ChatCreateParams, ChatMessage } from '../resources/chat/chat-types.js';
import type { ChatDashScope } from '../langchain/chat-dashscope.js';
import { loadLangChain } from './load-langchain.js';

/** Defaults of a {@link DashScopeChatModel}: any DashScope chat parameter (`temperature`, `enable_thinking`…). */
export type ChatSettings = Omit<Partial<ChatCreateParams>, 'model' | 'messages' | 'stream'>;

/**
 * A chat model made by `createChatModel` or `fromProviderId`: `chat(messages)` and `stream(messages)` over
 * `client.chat.create`, and the same configured model handed to LangChain (`toLangChain()`) or the AI SDK
 * (`toAISDK()`). https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api
 */
export class DashScopeChatModel {
  readonly model: string;
  readonly client: DashScope;
  readonly settings: ChatSettings;

  /** @internal Made by the factory. */
  constructor(client: DashScope, model: string, settings: ChatSettings = {}) {
    this.client = client;
    this.model = model;
    this.settings = settings;
  }

  /** One completion (a string is a single user message). @throws the errors of `client.chat.create`. */
  async chat(messages: string | ChatMessage[], options: { signal?: AbortSignal } = {}): Promise<ChatCompletion> {
    return this.client.chat.create({ ...this.settings, model: this.model, messages: asMessages(messages), stream: false }, options);
  }

  /** A stream of delta chunks. @throws the errors of `client.chat.create` (stream errors from the iterator). */
  async stream(messages: string | ChatMessage[], options: { signal?: AbortSignal } = {}): Promise<ChatStream> {
    return this.client.chat.create({ ...this.settings, model: this.model, messages: asMessages(messages), stream: true }, options);
  }

  /** This model as a LangChain chat model (settings sent with every call). @throws Error naming `@langchain/core` when it is not installed. */
  async toLangChain(): Promise<ChatDashScope> {
    const { ChatDashScope } = await loadLangChain();
    return new ChatDashScope({ client: this.client, model: this.model, dashscope: this.settings });
  }

  /** This model as an AI SDK language model; `settings` apply as defaults under any call's `providerOptions.dashscope`. */
  toAISDK(): DashScopeLanguageModel {
    return new DashScopeLanguageModel(this.client, this.model, this.settings);
  }
}

function asMessages(messages: string | ChatMessage[]): ChatMessage[] {
  return typeof messages === 'string' ? [{ role: 'user', content: messages }] : messages;
}
