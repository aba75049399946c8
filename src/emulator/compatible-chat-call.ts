import { useExplicitCache } from './context-cache/use-explicit-cache.js';
import { getChatModel } from '../models/catalog.js';
import { CompatibleChatRequestSchema } from '../wire/chat-compatible.js';
import { compatibleChatTurn } from './chat-turn.js';
import { compatibleChatBody } from './compatible-chat-body.js';
import { compatibleChatChunks } from './compatible-chat-chunks.js';
import { answerLogprobs } from './local-models/answer-logprobs.js';
import type { CallInput, ParsedCall } from './parsed-call.js';
import { prepareChat } from './prepare-chat.js';
import { lookupModel } from './lookup-model.js';
import { invalidBody, modelNotSupported } from './wire-error.js';

/**
 * `POST /compatible-mode/v1/chat/completions` (https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope):
 * validates with the SDK's {@link CompatibleChatRequestSchema} (DashScope extras such as
 * `enable_thinking` at the top level) and {@link prepareChat}, then answers a `chat.completion` or, with
 * `stream: true`, `chat.completion.chunk` events ending in `data: [DONE]`, with a usage chunk when
 * `stream_options.include_usage` is set.
 *
 * @throws WireError 404 `model_not_found` for an unknown model; 400 for invalid parameters.
 */
export async function compatibleChatCall(input: CallInput): Promise<ParsedCall> {
  const model = lookupModel(input.body, getChatModel);
  if (!model.protocols.includes('compatible')) throw modelNotSupported(model.id);
  const parsed = CompatibleChatRequestSchema.safeParse(input.body);
  if (!parsed.success) throw invalidBody(parsed.error.issues);
  const request = parsed.data;
  const stream = request.stream ?? false;
  const prepared = await prepareChat({
    model,
    turns: request.messages.map(compatibleChatTurn),
    stream,
    enableThinking: request.enable_thinking,
    tools: request.tools,
    toolChoice: request.tool_choice,
    responseFormat: request.response_format,
    seed: request.seed,
    limits: {
      maxTokens: request.max_tokens,
      maxCompletionTokens: request.max_completion_tokens,
      thinkingBudget: request.thinking_budget,
      stop: request.stop ?? undefined,
    },
  });
  const layout = {
    id: `chatcmpl-${input.requestId}`,
    created: Math.floor(input.now / 1000),
    model: model.id,
    thinking: prepared.thinking,
    inputTokens: prepared.inputTokens,
    cache: await useExplicitCache(input, model.id, request.messages),
  };
  return {
    endpoint: 'chat',
    protocol: 'compatible',
    model: model.id,
    stream,
    inputTokens: prepared.inputTokens,
    items: 0,
    async produce() {
      const answer = await prepared.answer();
      const logprobs = await answerLogprobs(answer, request);
      if (!stream) return { type: 'json', body: compatibleChatBody(answer, { ...layout, logprobs }), outputTokens: answer.outputTokens };
      const events = compatibleChatChunks(answer, { ...layout, logprobs, includeUsage: request.stream_options?.include_usage ?? false });
      return { type: 'sse', style: 'compatible', events, outputTokens: answer.outputTokens };
    },
  };
}
