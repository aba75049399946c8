import type {
  LanguageModelV4,
  LanguageModelV4CallOptions,
  LanguageModelV4Content,
  LanguageModelV4GenerateResult,
  LanguageModelV4StreamPart,
  LanguageModelV4StreamResult,
} from '@ai-sdk/provider';
import type { DashScope } from '../client.js';
import type { ChatCompletionChunk, ChatUsage } from '../resources/chat/chat-types.js';
import { buildChatParams, type DashScopeLanguageModelOptions } from './build-chat-params.js';
import { mapFinishReason, mapUsage } from './map-usage.js';

/**
 * An AI SDK language model (provider spec v4) over `client.chat.create`: the client's validation,
 * retries, timeouts and typed errors apply (the AI SDK's own retries only touch its `APICallError`, so a
 * failed call is retried by the client alone). Reasoning (`reasoning_content`) becomes reasoning parts.
 * Image inputs are passed as URLs (no download by the AI SDK).
 */
export class DashScopeLanguageModel implements LanguageModelV4 {
  readonly specificationVersion = 'v4';
  readonly provider = 'dashscope.chat';
  readonly modelId: string;
  readonly supportedUrls: Record<string, RegExp[]> = { 'image/*': [/^https?:\/\/.*$/, /^oss:\/\/.*$/] };
  readonly #client: DashScope;
  readonly #defaults: DashScopeLanguageModelOptions;

  /**
   * @param client the configured DashScope client; @param modelId a chat model id (e.g. `qwen-plus`);
   * @param defaults DashScope parameters of every call, under any call's `providerOptions.dashscope`.
   */
  constructor(client: DashScope, modelId: string, defaults: DashScopeLanguageModelOptions = {}) {
    this.#client = client;
    this.modelId = modelId;
    this.#defaults = defaults;
  }

  /** One non-streaming call; content is reasoning, text, then tool calls. @throws the client's errors (see `client.chat.create`). */
  async doGenerate(options: LanguageModelV4CallOptions): Promise<LanguageModelV4GenerateResult> {
    const { params, warnings } = buildChatParams(this.modelId, options, this.#defaults);
    const completion = await this.#client.chat.create({ ...params, stream: false }, requestOptions(options));
    const choice = completion.choices[0];
    const content: LanguageModelV4Content[] = [];
    if (choice?.message.reasoning_content) content.push({ type: 'reasoning', text: choice.message.reasoning_content });
    if (choice?.message.content) content.push({ type: 'text', text: choice.message.content });
    for (const call of choice?.message.tool_calls ?? []) {
      content.push({ type: 'tool-call', toolCallId: call.id ?? '', toolName: call.function.name ?? '', input: call.function.arguments || '{}' });
    }
    return {
      content,
      finishReason: mapFinishReason(choice?.finish_reason),
      usage: mapUsage(completion.usage),
      request: { body: params },
      response: { id: completion.request_id, modelId: completion.model },
      warnings,
    };
  }

  /**
   * A streaming call: `text-*` and `reasoning-*` parts from the deltas, `tool-input-start/delta/end` per tool
   * call fragment index followed by a complete `tool-call`, then `finish` with the last usage. Each pull
   * reads chunks until one yields a part (a chunk with only a finish reason or usage yields none, and a
   * pull that enqueues nothing would never be called again).
   * @throws the client's errors before the stream opens; later ones arrive as an `error` part.
   */
  async doStream(options: LanguageModelV4CallOptions): Promise<LanguageModelV4StreamResult> {
    const { params, warnings } = buildChatParams(this.modelId, options, this.#defaults);
    const stream = await this.#client.chat.create({ ...params, stream: true }, requestOptions(options));
    const iterator = stream[Symbol.asyncIterator]();
    const state = new StreamState();
    const includeRaw = options.includeRawChunks === true;
    return {
      request: { body: params },
      stream: new ReadableStream<LanguageModelV4StreamPart>({
        start(controller) {
          controller.enqueue({ type: 'stream-start', warnings });
        },
        async pull(controller) {
          try {
            for (;;) {
              const next = await iterator.next();
              if (next.done) {
                for (const part of state.finish()) controller.enqueue(part);
                controller.close();
                return;
              }
              const parts = state.accept(next.value);
              if (includeRaw) controller.enqueue({ type: 'raw', rawValue: next.value });
              for (const part of parts) controller.enqueue(part);
              if (includeRaw || parts.length > 0) return;
            }
          } catch (error) {
            controller.enqueue({ type: 'error', error });
            controller.close();
          }
        },
        async cancel() {
          await iterator.return?.();
        },
      }),
    };
  }
}

function requestOptions(options: LanguageModelV4CallOptions): { signal?: AbortSignal; headers?: Record<string, string> } {
  const headers = Object.fromEntries(Object.entries(options.headers ?? {}).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return { ...(options.abortSignal ? { signal: options.abortSignal } : {}), ...(Object.keys(headers).length ? { headers } : {}) };
}

interface OpenToolCall {
  id: string;
  name: string;
  input: string;
}

class StreamState {
  #metadataSent = false;
  #text = false;
  #reasoning = false;
  #tools = new Map<number, OpenToolCall>();
  #finishReason: string | null = null;
  #usage: ChatUsage | undefined;

  accept(chunk: ChatCompletionChunk): LanguageModelV4StreamPart[] {
    const parts: LanguageModelV4StreamPart[] = [];
    if (!this.#metadataSent) {
      this.#metadataSent = true;
      parts.push({ type: 'response-metadata', id: chunk.request_id, modelId: chunk.model });
    }
    if (chunk.usage) this.#usage = chunk.usage;
    const choice = chunk.choices[0];
    if (!choice) return parts;
    const delta = choice.delta;
    if (delta.reasoning_content) {
      if (!this.#reasoning) parts.push({ type: 'reasoning-start', id: 'reasoning-0' });
      this.#reasoning = true;
      parts.push({ type: 'reasoning-delta', id: 'reasoning-0', delta: delta.reasoning_content });
    }
    if (delta.content) {
      if (this.#reasoning) parts.push(...this.#endReasoning());
      if (!this.#text) parts.push({ type: 'text-start', id: 'text-0' });
      this.#text = true;
      parts.push({ type: 'text-delta', id: 'text-0', delta: delta.content });
    }
    for (const fragment of delta.tool_calls ?? []) {
      let open = this.#tools.get(fragment.index);
      if (!open) {
        open = { id: fragment.id ?? `call_${fragment.index}`, name: fragment.function.name ?? '', input: '' };
        this.#tools.set(fragment.index, open);
        parts.push({ type: 'tool-input-start', id: open.id, toolName: open.name });
      }
      if (fragment.function.arguments) {
        open.input += fragment.function.arguments;
        parts.push({ type: 'tool-input-delta', id: open.id, delta: fragment.function.arguments });
      }
    }
    if (choice.finish_reason) this.#finishReason = choice.finish_reason;
    return parts;
  }

  finish(): LanguageModelV4StreamPart[] {
    const parts: LanguageModelV4StreamPart[] = [...this.#endReasoning()];
    if (this.#text) parts.push({ type: 'text-end', id: 'text-0' });
    for (const open of this.#tools.values()) {
      parts.push({ type: 'tool-input-end', id: open.id });
      parts.push({ type: 'tool-call', toolCallId: open.id, toolName: open.name, input: open.input || '{}' });
    }
    parts.push({ type: 'finish', finishReason: mapFinishReason(this.#finishReason), usage: mapUsage(this.#usage) });
    return parts;
  }

  #endReasoning(): LanguageModelV4StreamPart[] {
    if (!this.#reasoning) return [];
    this.#reasoning = false;
    return [{ type: 'reasoning-end', id: 'reasoning-0' }];
  }
}
