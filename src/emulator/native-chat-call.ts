import { useExplicitCache } from './context-cache/use-explicit-cache.js';
import { getChatModel } from '../models/catalog.js';
import { nativeChatEndpoint } from '../models/native-chat-endpoint.js';
import { NativeChatRequestSchema } from '../wire/chat-native.js';
import { nativeChatTurn, type ChatTurn } from './chat-turn.js';
import { nativeChatBody } from './native-chat-body.js';
import { nativeChatEvents } from './native-chat-events.js';
import { answerLogprobs } from './local-models/answer-logprobs.js';
import type { CallInput, ParsedCall } from './parsed-call.js';
import { prepareChat } from './prepare-chat.js';
import { lookupModel } from './lookup-model.js';
import { invalidBody, invalidParameter } from './wire-error.js';

/**
 * DashScope's answer to a chat model on the wrong native endpoint family, as recorded from the service in
 * 2026 (agentscope#1258, #1295, spring-ai-alibaba#4355: full-width "！" and a link). The documentation
 * (qwen-api-via-dashscope, Mar 2026) prints it as "url error, please check url!"; older copies said
 * "url error, check url!".
 */
export const URL_ERROR_MESSAGE = 'url error, please check url！ For details, see: https://help.aliyun.com/zh/model-studio/error-code#error-url';

/** Whether a native request asks for SSE: `X-DashScope-SSE: enable` or `Accept: text/event-stream`. */
export function wantsNativeStream(headers: Headers): boolean {
  return headers.get('x-dashscope-sse')?.toLowerCase() === 'enable' || (headers.get('accept') ?? '').includes('text/event-stream');
}

/**
 * `POST /api/v1/services/aigc/{text-generation|multimodal-generation}/generation`
 * (https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api): validates with the SDK's
 * {@link NativeChatRequestSchema}, the endpoint family ({@link URL_ERROR_MESSAGE} when the catalog, or for
 * models it does not know the name rule of `nativeChatEndpoint`, puts the model on the other one) and
 * {@link prepareChat}, then answers with the grounded responder as one JSON body or, when
 * {@link wantsNativeStream}, as native SSE (`incremental_output` default false: cumulative text).
 * `result_format` defaults to the model's; thinking and tools always use `message`.
 *
 * @throws WireError 400 `InvalidParameter` with DashScope's messages, e.g. "Role must be user or
 *   assistant and Content length must be greater than 0" for an empty `messages` next to a `prompt`.
 */
export function nativeChatCall(family: 'text-generation' | 'multimodal-generation'): (input: CallInput) => Promise<ParsedCall> {
  return async (input) => {
    const name = (input.body as { model?: unknown } | null)?.model;
    const expected = typeof name === 'string' ? nativeChatEndpoint(name) : undefined;
    if (expected !== undefined && expected !== family) throw invalidParameter(URL_ERROR_MESSAGE);
    const model = lookupModel(input.body, getChatModel);
    const parsed = NativeChatRequestSchema.safeParse(input.body);
    if (!parsed.success) throw invalidBody(parsed.error.issues);
    const { input: chatInput, parameters = {} } = parsed.data;
    const { messages, prompt } = chatInput;
    if (messages === undefined && prompt === undefined) {
      throw invalidParameter('Either "prompt" or "messages" must exist and cannot both be none');
    }
    if (messages !== undefined && messages.length === 0) {
      throw invalidParameter(prompt === undefined ? '[] is too short' : 'Role must be user or assistant and Content length must be greater than 0');
    }
    // Text models take string content, except text-only parts carrying cache_control markers (context cache).
    const cacheParts = (content: unknown) =>
      Array.isArray(content) && content.every((part) => typeof part === 'object' && part !== null && 'text' in part) && content.some((part) => 'cache_control' in part);
    if (!model.vision && messages?.some((message) => typeof message.content !== 'string' && !cacheParts(message.content))) {
      throw invalidParameter('input content must be a string');
    }
    const turns: ChatTurn[] = messages ? messages.map(nativeChatTurn) : [{ role: 'user', text: prompt ?? '', media: [], calledTools: false }];
    const stream = wantsNativeStream(input.headers);
    const prepared = await prepareChat({
      model,
      turns,
      stream,
      enableThinking: parameters.enable_thinking,
      tools: parameters.tools,
      toolChoice: parameters.tool_choice,
      responseFormat: parameters.response_format,
      seed: parameters.seed,
      limits: {
        maxTokens: parameters.max_tokens,
        maxCompletionTokens: parameters.max_completion_tokens,
        thinkingBudget: parameters.thinking_budget,
        stop: parameters.stop,
      },
    });
    if (prepared.thinking && parameters.result_format === 'text') {
      throw invalidParameter('The result_format parameter must be "message" when enable_thinking is true');
    }
    const multimodal = family === 'multimodal-generation';
    const usesMessage = multimodal || prepared.thinking || (parameters.tools?.length ?? 0) > 0;
    const layout = {
      resultFormat: usesMessage ? 'message' : (parameters.result_format ?? model.defaultResultFormat),
      multimodal,
      thinking: prepared.thinking,
      inputTokens: prepared.inputTokens,
      mediaTokens: prepared.mediaTokens,
      requestId: input.requestId,
      cache: await useExplicitCache(input, model.id, messages),
    } as const;
    return {
      endpoint: 'chat',
      protocol: 'native',
      model: model.id,
      stream,
      inputTokens: prepared.inputTokens,
      items: 0,
      async produce() {
        const answer = await prepared.answer();
        const logprobs = layout.resultFormat === 'message' ? await answerLogprobs(answer, parameters) : undefined;
        if (!stream) return { type: 'json', body: nativeChatBody(answer, { ...layout, logprobs }), outputTokens: answer.outputTokens };
        const events = nativeChatEvents(answer, { ...layout, logprobs, incremental: parameters.incremental_output ?? false });
        return { type: 'sse', style: 'native', events, outputTokens: answer.outputTokens };
      },
    };
  };
}
