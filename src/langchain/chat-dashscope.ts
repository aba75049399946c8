import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseLanguageModelInput, StructuredOutputMethodOptions } from '@langchain/core/language_models/base';
import { BaseChatModel, type BaseChatModelCallOptions, type BaseChatModelParams, type BindToolsInput } from '@langchain/core/language_models/chat_models';
import { assembleStructuredOutputPipeline } from '@langchain/core/language_models/structured_output';
import { AIMessage, AIMessageChunk, type AIMessageFields, type BaseMessage, type UsageMetadata } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import { RunnableLambda, type Runnable } from '@langchain/core/runnables';
import { convertToOpenAITool } from '@langchain/core/utils/function_calling';
import { toJsonSchema } from '@langchain/core/utils/json_schema';
import { DashScope, type ClientOptions } from '../client.js';
import type { ChatCreateParams, ChatUsage } from '../resources/chat/chat-types.js';
import type { Tool } from '../wire/chat-native.js';
import { convertMessages } from './convert-messages.js';

/** Per-call options of {@link ChatDashScope} (LangChain's, plus DashScope's tools and response format). */
export interface ChatDashScopeCallOptions extends BaseChatModelCallOptions {
  /** Function tools (set by `bindTools`). */
  tools?: Tool[];
  /** Structured output (set by `withStructuredOutput`), DashScope's `response_format`. */
  response_format?: ChatCreateParams['response_format'];
  /** Any other DashScope chat parameter for this call, passed unchanged. */
  dashscope?: Partial<ChatCreateParams>;
}

/**
 * Fields of {@link ChatDashScope}: the model, DashScope's sampling and thinking parameters (camelCase,
 * sent as DashScope's snake_case names), and the client (given, or created from the client options).
 * Parameters: https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api
 */
export interface ChatDashScopeFields extends BaseChatModelParams {
  /** Chat model id, e.g. `qwen-plus`. */
  model: string;
  /** A configured client to share; otherwise one is created from `clientOptions` (env `DASHSCOPE_API_KEY`). */
  client?: DashScope | undefined;
  clientOptions?: ClientOptions | undefined;
  temperature?: number | undefined;
  topP?: number | undefined;
  topK?: number | undefined;
  /** Maximum answer tokens (`max_tokens`). */
  maxTokens?: number | undefined;
  /** Hybrid thinking models: reasoning on or off (`enable_thinking`). */
  enableThinking?: boolean | undefined;
  /** Maximum reasoning tokens (`thinking_budget`). */
  thinkingBudget?: number | undefined;
  /** Web search (`enable_search`). */
  enableSearch?: boolean | undefined;
  /** Other DashScope parameters sent with every call. */
  dashscope?: Partial<ChatCreateParams> | undefined;
}

/**
 * A LangChain chat model over dashscope-kit's `client.chat.create`: `invoke`, `stream`, `batch`,
 * `bindTools`, `withStructuredOutput` (DashScope's `json_schema` response format by default,
 * `method: 'functionCalling'` for the tool-call route). Reasoning (`reasoning_content`) is kept apart from
 * `content` in `additional_kwargs.reasoning_content`; usage in `usage_metadata` (cache reads and reasoning
 * tokens in its details). The client's validation, retries and typed errors apply.
 *
 * @example
 * const model = new ChatDashScope({ model: 'qwen-plus' });
 * const reply = await model.invoke('Hello');
 */
export class ChatDashScope extends BaseChatModel<ChatDashScopeCallOptions, AIMessageChunk> {
  readonly model: string;
  readonly client: DashScope;
  readonly #fields: ChatDashScopeFields;

  static override lc_name(): string {
    return 'ChatDashScope';
  }

  /** @throws InputValidationError when no client is given and the client options are invalid or no API key is found. */
  constructor(fields: ChatDashScopeFields) {
    super(fields);
    this.model = fields.model;
    this.client = fields.client ?? new DashScope(fields.clientOptions);
    this.#fields = fields;
  }

  override _llmType(): string {
    return 'dashscope';
  }

  override get callKeys(): string[] {
    return [...super.callKeys, 'tools', 'tool_choice', 'response_format', 'dashscope'];
  }

  /** Binds function tools (LangChain tools, Zod-described tools or OpenAI-style definitions) to every call. */
  override bindTools(tools: BindToolsInput[], kwargs?: Partial<ChatDashScopeCallOptions>): Runnable<BaseLanguageModelInput, AIMessageChunk, ChatDashScopeCallOptions> {
    return this.withConfig({ ...kwargs, tools: tools.map((tool) => convertToOpenAITool(tool) as Tool) });
  }

  /**
   * Structured output. Default `method: 'jsonSchema'`: the schema (Zod or JSON Schema) is sent as
   * `response_format: {type: 'json_schema'}` and the answer parsed as JSON; `functionCalling` forces a
   * tool call named after the schema. With `includeRaw`, `{ raw, parsed }`.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  override withStructuredOutput(schema: any, config?: StructuredOutputMethodOptions<boolean>): Runnable<BaseLanguageModelInput, any> {
    const name = config?.name ?? 'extract';
    const jsonSchema = (typeof schema === 'object' && schema !== null && ('_def' in schema || '_zod' in schema || '~standard' in schema) ? toJsonSchema(schema) : schema) as Record<string, unknown>;
    if (config?.method === 'functionCalling') {
      const tool: Tool = { type: 'function', function: { name, description: `Answer with ${name}.`, parameters: jsonSchema } };
      const llm = this.withConfig({ tools: [tool], tool_choice: { type: 'function', function: { name } } });
      const parser = RunnableLambda.from((message: AIMessageChunk) => {
        const call = message.tool_calls?.find((candidate) => candidate.name === name);
        if (!call) throw new Error(`The model made no ${name} tool call.`);
        return call.args;
      });
      return assembleStructuredOutputPipeline(llm, parser, config.includeRaw, 'StructuredOutput');
    }
    const llm = this.withConfig({ response_format: { type: 'json_schema', json_schema: { name, schema: jsonSchema, strict: true } } });
    const parser = RunnableLambda.from((message: AIMessageChunk) => JSON.parse(typeof message.content === 'string' ? message.content : message.text) as Record<string, unknown>);
    return assembleStructuredOutputPipeline(llm, parser, config?.includeRaw, 'StructuredOutput');
  }

  #params(messages: BaseMessage[], options: this['ParsedCallOptions']): ChatCreateParams {
    const fields = this.#fields;
    const params: ChatCreateParams = { ...fields.dashscope, model: this.model, messages: convertMessages(messages) };
    if (fields.temperature !== undefined) params.temperature = fields.temperature;
    if (fields.topP !== undefined) params.top_p = fields.topP;
    if (fields.topK !== undefined) params.top_k = fields.topK;
    if (fields.maxTokens !== undefined) params.max_tokens = fields.maxTokens;
    if (fields.enableThinking !== undefined) params.enable_thinking = fields.enableThinking;
    if (fields.thinkingBudget !== undefined) params.thinking_budget = fields.thinkingBudget;
    if (fields.enableSearch !== undefined) params.enable_search = fields.enableSearch;
    if (options.stop?.length) params.stop = options.stop;
    if (options.tools?.length) params.tools = options.tools;
    const choice = options.tool_choice;
    if (choice === 'auto' || choice === 'none') params.tool_choice = choice;
    else if (typeof choice === 'string' && choice !== 'any') params.tool_choice = { type: 'function', function: { name: choice } };
    else if (typeof choice === 'object' && choice !== null) params.tool_choice = choice as NonNullable<ChatCreateParams['tool_choice']>;
    if (options.response_format) params.response_format = options.response_format;
    return { ...params, ...options.dashscope };
  }

  /** One non-streaming call. @throws the client's errors (see `client.chat.create`). */
  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions']): Promise<ChatResult> {
    const completion = await this.client.chat.create({ ...this.#params(messages, options), stream: false }, options.signal ? { signal: options.signal } : {});
    const choice = completion.choices[0];
    const text = choice?.message.content ?? '';
    const reasoning = choice?.message.reasoning_content;
    const message = new AIMessage({
      content: text,
      additional_kwargs: reasoning ? { reasoning_content: reasoning } : {},
      tool_calls: (choice?.message.tool_calls ?? []).map((call) => ({ id: call.id ?? '', name: call.function.name ?? '', args: parseArgs(call.function.arguments), type: 'tool_call' as const })),
      ...usageField(completion.usage),
      response_metadata: { model_name: completion.model, request_id: completion.request_id, finish_reason: choice?.finish_reason ?? null },
    });
    return { generations: [{ text, message }] };
  }

  /** A streaming call: content, reasoning and tool-call chunks as they come; usage once, on the last chunk. */
  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const stream = await this.client.chat.create({ ...this.#params(messages, options), stream: true }, options.signal ? { signal: options.signal } : {});
    let usage: ChatUsage | undefined;
    let finishReason: string | null = null;
    let requestId = '';
    for await (const chunk of stream) {
      requestId = chunk.request_id;
      if (chunk.usage) usage = chunk.usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      if (choice.finish_reason) finishReason = choice.finish_reason;
      const { content, reasoning_content: reasoning, tool_calls: toolCalls } = choice.delta;
      if (!content && !reasoning && !toolCalls?.length) continue;
      const generation = new ChatGenerationChunk({
        text: content ?? '',
        message: new AIMessageChunk({
          content: content ?? '',
          additional_kwargs: reasoning ? { reasoning_content: reasoning } : {},
          tool_call_chunks: (toolCalls ?? []).map((call) => ({ index: call.index, ...(call.id ? { id: call.id } : {}), ...(call.function.name ? { name: call.function.name } : {}), args: call.function.arguments ?? '', type: 'tool_call_chunk' as const })),
        }),
      });
      yield generation;
      if (content) await runManager?.handleLLMNewToken(content);
    }
    yield new ChatGenerationChunk({
      text: '',
      message: new AIMessageChunk({ content: '', ...usageField(usage), response_metadata: { model_name: this.model, request_id: requestId, finish_reason: finishReason } }),
    });
  }
}

function parseArgs(text: string | undefined): Record<string, unknown> {
  try {
    return text ? (JSON.parse(text) as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function usageField(usage: ChatUsage | undefined): Pick<AIMessageFields, 'usage_metadata'> {
  return usage ? ({ usage_metadata: usageMetadata(usage) } as Pick<AIMessageFields, 'usage_metadata'>) : {};
}

function usageMetadata(usage: ChatUsage): UsageMetadata {
  return {
    input_tokens: usage.input_tokens,
    output_tokens: usage.output_tokens,
    total_tokens: usage.total_tokens,
    input_token_details: { ...(usage.cached_tokens !== undefined ? { cache_read: usage.cached_tokens } : {}), ...(usage.cache_creation_input_tokens !== undefined ? { cache_creation: usage.cache_creation_input_tokens } : {}) },
    output_token_details: usage.reasoning_tokens !== undefined ? { reasoning: usage.reasoning_tokens } : {},
  };
}
