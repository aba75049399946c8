import type { CallSpec } from '../../core/transport.js';
import { nativeChatEndpoint } from '../../models/native-chat-endpoint.js';
import { PATHS } from '../../wire/paths.js';
import type { ChatCreateParams } from './chat-types.js';
import { hasMediaParts, toCompatibleMessages, toNativeMessages } from './convert-messages.js';

const SDK_ONLY = new Set(['model', 'messages', 'stream', 'protocol', 'endpoint']);

function passThrough(params: ChatCreateParams): Record<string, unknown> {
  const rest: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(params)) if (!SDK_ONLY.has(key) && value !== undefined) rest[key] = value;
  return rest;
}

/**
 * Builds the native request: `{model, input:{messages}, parameters}` on the text- or multimodal-generation
 * path: `params.endpoint` when given, else the catalog entry or the name rule (`nativeChatEndpoint`), else
 * media parts decide. Always `result_format: "message"`; streams default to
 * `incremental_output: true` (the server default, false, repeats the whole text in each event).
 */
export function buildNativeChatRequest(params: ChatCreateParams, stream: boolean): CallSpec {
  const endpoint = params.endpoint ?? nativeChatEndpoint(params.model);
  const multimodal = endpoint ? endpoint === 'multimodal-generation' : hasMediaParts(params.messages);
  const parameters: Record<string, unknown> = { result_format: 'message', ...passThrough(params) };
  delete parameters.stream_options;
  if (stream) parameters.incremental_output ??= true;
  return {
    path: multimodal ? PATHS.nativeMultimodalGeneration : PATHS.nativeTextGeneration,
    body: { model: params.model, input: { messages: toNativeMessages(params.messages, multimodal) }, parameters },
    stream: stream ? 'native' : undefined,
  };
}

/**
 * Builds the OpenAI-compatible request for `/compatible-mode/v1/chat/completions`; DashScope extras
 * (`enable_thinking`, `top_k`, …) go at the top level. Streams ask for usage by default.
 */
export function buildCompatibleChatRequest(params: ChatCreateParams, stream: boolean): CallSpec {
  const body: Record<string, unknown> = { model: params.model, messages: toCompatibleMessages(params.messages), ...passThrough(params) };
  delete body.incremental_output;
  if (stream) {
    body.stream = true;
    body.stream_options = { include_usage: true, ...params.stream_options };
  } else delete body.stream_options;
  return { path: PATHS.compatibleChat, body, stream: stream ? 'compatible' : undefined };
}
