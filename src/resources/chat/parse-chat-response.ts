import { ResponseValidationError } from '../../core/errors.js';
import { CompatibleChatChunkSchema, CompatibleChatResponseSchema, type CompatibleUsage } from '../../wire/chat-compatible.js';
import { NativeChatResponseSchema, type NativeChatUsage, type PromptTokensDetails, type ToolCall } from '../../wire/chat-native.js';
import { formatIssues } from '../../wire/format-issues.js';
import { toChatLogprobs } from './chat-logprobs.js';
import type { ChatAssistantMessage, ChatChoice, ChatCompletion, ChatCompletionChunk, ChatUsage, ToolCallDelta } from './chat-types.js';

/**
 * Copies the context-cache numbers of `prompt_tokens_details` (same shape on both protocols):
 * `cached_tokens`; for explicit cache `cache_creation_input_tokens` (else
 * `cache_creation.ephemeral_5m_input_tokens`) and `cache_type`. A top-level `cache_creation_input_tokens`
 * is read too, in case a model reports it there.
 */
function copyCacheUsage(result: ChatUsage, details: PromptTokensDetails | null | undefined, usage: Record<string, unknown>): void {
  const cached = details?.cached_tokens;
  if (cached !== undefined) result.cached_tokens = cached;
  const topLevel = usage['cache_creation_input_tokens'];
  const creation = details?.cache_creation_input_tokens ?? details?.cache_creation?.ephemeral_5m_input_tokens ?? (typeof topLevel === 'number' ? topLevel : undefined);
  if (creation !== undefined) result.cache_creation_input_tokens = creation;
  if (details?.cache_type !== undefined) result.cache_type = details.cache_type;
}

/** Maps native usage (VL responses lack `total_tokens`) to {@link ChatUsage}. */
export function fromNativeUsage(usage: NativeChatUsage | undefined): ChatUsage {
  const input = usage?.input_tokens ?? 0;
  const output = usage?.output_tokens ?? 0;
  const result: ChatUsage = { input_tokens: input, output_tokens: output, total_tokens: usage?.total_tokens ?? input + output };
  const reasoning = usage?.output_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined) result.reasoning_tokens = reasoning;
  copyCacheUsage(result, usage?.prompt_tokens_details, usage ?? {});
  if (usage?.image_tokens !== undefined) result.image_tokens = usage.image_tokens;
  return result;
}

/** Maps compatible usage (`prompt_tokens`, `completion_tokens`) onto DashScope's native names. */
export function fromCompatibleUsage(usage: CompatibleUsage): ChatUsage {
  const result: ChatUsage = { input_tokens: usage.prompt_tokens, output_tokens: usage.completion_tokens, total_tokens: usage.total_tokens };
  const reasoning = usage.completion_tokens_details?.reasoning_tokens;
  if (reasoning !== undefined) result.reasoning_tokens = reasoning;
  copyCacheUsage(result, usage.prompt_tokens_details, usage);
  return result;
}

function textOf(content: string | Array<{ text?: string | undefined }> | null | undefined): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => part.text ?? '').join('');
}

function toolCallsOf(calls: ToolCall[] | null | undefined): ToolCall[] | undefined {
  return calls && calls.length > 0 ? calls : undefined;
}

function assistant(content: string, reasoning: string | null | undefined, calls: ToolCall[] | null | undefined): ChatAssistantMessage {
  const message: ChatAssistantMessage = { role: 'assistant', content };
  if (reasoning) message.reasoning_content = reasoning;
  const toolCalls = toolCallsOf(calls);
  if (toolCalls) message.tool_calls = toolCalls;
  return message;
}

function withLogprobs<T extends object>(choice: T, wire: Parameters<typeof toChatLogprobs>[0]): T & Pick<ChatChoice, 'logprobs'> {
  const logprobs = toChatLogprobs(wire);
  return logprobs ? { ...choice, logprobs } : choice;
}

function validated<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: import('zod').ZodError } }, body: unknown, what: string): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const requestId = body && typeof body === 'object' ? (body as { request_id?: unknown }).request_id : undefined;
    throw new ResponseValidationError(`Unexpected ${what} shape`, formatIssues(parsed.error), typeof requestId === 'string' ? requestId : undefined);
  }
  return parsed.data;
}

/**
 * Parses a native chat response (`result_format` message or text) into a {@link ChatCompletion}.
 * @throws ResponseValidationError when the body does not have the documented shape.
 */
export function parseNativeChatResponse(body: unknown, model: string): ChatCompletion {
  const response = validated(NativeChatResponseSchema, body, 'native chat response');
  const choices = response.output.choices
    ? response.output.choices.map((choice, index) =>
        withLogprobs(
          { index, finish_reason: choice.finish_reason, message: assistant(textOf(choice.message.content), choice.message.reasoning_content, choice.message.tool_calls) },
          choice.logprobs,
        ),
      )
    : [{ index: 0, finish_reason: response.output.finish_reason, message: assistant(response.output.text ?? '', undefined, undefined) }];
  return { request_id: response.request_id ?? '', model, choices, usage: fromNativeUsage(response.usage) };
}

/**
 * Parses a compatible `chat.completion` into a {@link ChatCompletion}.
 * @throws ResponseValidationError when the body does not have the documented shape.
 */
export function parseCompatibleChatResponse(body: unknown, model: string): ChatCompletion {
  const response = validated(CompatibleChatResponseSchema, body, 'chat.completion');
  return {
    request_id: response.id,
    model: response.model ?? model,
    choices: response.choices.map((choice, index) =>
      withLogprobs(
        {
          index: choice.index ?? index,
          finish_reason: choice.finish_reason ?? null,
          message: assistant(choice.message.content ?? '', choice.message.reasoning_content, choice.message.tool_calls),
        },
        choice.logprobs,
      ),
    ),
    usage: response.usage ? fromCompatibleUsage(response.usage) : { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
  };
}

function toolDeltas(calls: ToolCall[] | null | undefined): ToolCallDelta[] | undefined {
  if (!calls || calls.length === 0) return undefined;
  return calls.map((call, position) => {
    const delta: ToolCallDelta = { index: call.index ?? position, function: {} };
    if (call.id) delta.id = call.id;
    if (call.type) delta.type = call.type;
    if (call.function.name) delta.function.name = call.function.name;
    if (call.function.arguments) delta.function.arguments = call.function.arguments;
    return delta;
  });
}

/**
 * Turns native SSE payloads into delta chunks. With `incremental_output: false` the server repeats the
 * whole text so far in every event; this parser keeps the previous text and yields only what is new
 * (and, for `logprobs`, only the entries past those already seen).
 */
export class NativeChunkParser {
  readonly #model: string;
  readonly #cumulative: boolean;
  #previousContent = '';
  #previousReasoning = '';
  #previousLogprobs = 0;

  constructor(model: string, cumulative: boolean) {
    this.#model = model;
    this.#cumulative = cumulative;
  }

  /** @throws ResponseValidationError for an event that is not a native chat payload. */
  parse(payload: unknown): ChatCompletionChunk {
    const response = validated(NativeChatResponseSchema, payload, 'native chat stream event');
    const choice = response.output.choices?.[0];
    const content = choice ? textOf(choice.message.content) : (response.output.text ?? '');
    const reasoning = choice?.message.reasoning_content ?? '';
    const delta: ChatCompletionChunk['choices'][number]['delta'] = {};
    const newContent = this.#cumulative ? this.#suffix(content, 'content') : content;
    const newReasoning = this.#cumulative ? this.#suffix(reasoning, 'reasoning') : reasoning;
    if (newContent) delta.content = newContent;
    if (newReasoning) delta.reasoning_content = newReasoning;
    const tools = toolDeltas(choice?.message.tool_calls);
    if (tools) delta.tool_calls = tools;
    const finish = choice ? choice.finish_reason : response.output.finish_reason;
    return {
      request_id: response.request_id ?? '',
      model: this.#model,
      choices: [withLogprobs({ index: 0, finish_reason: finish, delta }, this.#newLogprobs(choice?.logprobs))],
      usage: fromNativeUsage(response.usage),
    };
  }

  #newLogprobs(logprobs: Parameters<typeof toChatLogprobs>[0]): Parameters<typeof toChatLogprobs>[0] {
    if (!this.#cumulative || !logprobs?.content) return logprobs;
    const all = logprobs.content;
    const fresh = all.length >= this.#previousLogprobs ? all.slice(this.#previousLogprobs) : all;
    this.#previousLogprobs = all.length;
    return fresh.length > 0 ? { ...logprobs, content: fresh } : undefined;
  }

  #suffix(text: string, which: 'content' | 'reasoning'): string {
    const previous = which === 'content' ? this.#previousContent : this.#previousReasoning;
    const fresh = text.startsWith(previous) ? text.slice(previous.length) : text;
    if (which === 'content') this.#previousContent = text;
    else this.#previousReasoning = text;
    return fresh;
  }
}

/**
 * Parses one compatible `chat.completion.chunk`.
 * @throws ResponseValidationError for an event that is not a chunk.
 */
export function parseCompatibleChunk(payload: unknown, model: string): ChatCompletionChunk {
  const chunk = validated(CompatibleChatChunkSchema, payload, 'chat.completion.chunk');
  const result: ChatCompletionChunk = {
    request_id: chunk.id,
    model: chunk.model ?? model,
    choices: chunk.choices.map((choice, index) => {
      const delta: ChatCompletionChunk['choices'][number]['delta'] = {};
      if (choice.delta.role === 'assistant') delta.role = 'assistant';
      if (choice.delta.content) delta.content = choice.delta.content;
      if (choice.delta.reasoning_content) delta.reasoning_content = choice.delta.reasoning_content;
      const tools = toolDeltas(choice.delta.tool_calls);
      if (tools) delta.tool_calls = tools;
      return withLogprobs({ index: choice.index ?? index, finish_reason: choice.finish_reason ?? null, delta }, choice.logprobs);
    }),
  };
  if (chunk.usage) result.usage = fromCompatibleUsage(chunk.usage);
  return result;
}
