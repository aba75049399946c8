import { checkProtocol } from '../../core/check-options.js';
import { InputValidationError } from '../../core/errors.js';
import { getChatModel } from '../../models/catalog.js';
import type { ChatModelInfo } from '../../models/model-info.js';
import { assertModelKind } from '../assert-model-kind.js';
import { assertParamsObject } from '../assert-params-object.js';
import { checkCacheMarkers } from './check-cache-markers.js';
import { checkOutputOptions } from './check-output-options.js';
import type { ChatCreateParams, ChatMessage } from './chat-types.js';

const ROLES = ['system', 'user', 'assistant', 'tool'] as const;
const ENDPOINTS = ['text-generation', 'multimodal-generation'] as const;

function typeName(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
}

/**
 * Checks the shape of chat messages so that a wrong type is a typed error, not a `TypeError` inside the
 * SDK: a non-empty array of objects with a known `role` and `content` that is a string, `null` or an
 * array of part objects (part types are checked when the request is built).
 *
 * @param messages what the caller passed as `messages`.
 * @throws InputValidationError naming `messages`, `messages[i].role` or `messages[i].content[j]`, with the value.
 */
export function checkChatMessages(messages: unknown): asserts messages is ChatMessage[] {
  if (!Array.isArray(messages) || messages.length === 0) {
    throw new InputValidationError(`messages must be a non-empty array (got ${typeName(messages)}).`, 'messages', { value: messages });
  }
  messages.forEach((message: unknown, index) => {
    const where = `messages[${index}]`;
    if (!message || typeof message !== 'object' || Array.isArray(message)) {
      throw new InputValidationError(`${where} must be an object with role and content (got ${typeName(message)}).`, where, { value: message });
    }
    const { role, content } = message as { role?: unknown; content?: unknown };
    if (!ROLES.includes(role as never)) {
      throw new InputValidationError(`${where}.role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role) ?? 'undefined'}).`, `${where}.role`, {
        value: role,
        limit: ROLES,
      });
    }
    if (content === null || typeof content === 'string') return;
    if (!Array.isArray(content)) {
      throw new InputValidationError(`${where}.content must be a string, null or an array of parts (got ${typeName(content)}).`, `${where}.content`, {
        value: content,
      });
    }
    content.forEach((part: unknown, partIndex) => {
      if (!part || typeof part !== 'object' || Array.isArray(part)) {
        const at = `${where}.content[${partIndex}]`;
        throw new InputValidationError(`${at} must be a part object such as { text } or { image } (got ${typeName(part)}).`, at, { value: part });
      }
    });
  });
}

/**
 * Checks chat params before anything is sent, beyond the wire schema: params object, a model of the
 * right kind (an embedding or rerank model is refused; unknown models pass), message shapes,
 * `stream` / `protocol` / `enable_thinking` types, and `enable_thinking: true` on a catalog model that
 * cannot think (`false` is accepted everywhere: frameworks send it generically), and the output options
 * (`logprobs`, `top_logprobs`, `response_format`: see `checkOutputOptions`), and context-cache markers
 * (at most 4, `type: 'ephemeral'`: see `checkCacheMarkers`).
 * Models and thinking: https://www.alibabacloud.com/help/en/model-studio/deep-thinking
 *
 * @returns the catalog entry, or `undefined` for a model the catalog does not know.
 * @throws InputValidationError naming the field, the value and the allowed values.
 */
export function validateChatParams(params: ChatCreateParams): ChatModelInfo | undefined {
  assertParamsObject(params, 'chat.create');
  assertModelKind(params.model, 'chat');
  checkChatMessages(params.messages);
  if (params.stream !== undefined && typeof params.stream !== 'boolean') {
    throw new InputValidationError(`stream must be a boolean (got ${typeName(params.stream)}).`, 'stream', { value: params.stream });
  }
  checkProtocol(params.protocol);
  if (params.endpoint !== undefined && !ENDPOINTS.includes(params.endpoint)) {
    throw new InputValidationError(`endpoint must be "text-generation" or "multimodal-generation" (got ${JSON.stringify(params.endpoint)}).`, 'endpoint', {
      value: params.endpoint,
      limit: ENDPOINTS,
    });
  }
  if (params.enable_thinking !== undefined && typeof params.enable_thinking !== 'boolean') {
    throw new InputValidationError(`enable_thinking must be a boolean (got ${typeName(params.enable_thinking)}).`, 'enable_thinking', {
      value: params.enable_thinking,
    });
  }
  const model = getChatModel(params.model);
  if (model && params.enable_thinking === true && model.thinking === 'none') {
    throw new InputValidationError(
      `${model.id} cannot think: enable_thinking: true is refused (use a thinking model such as qwen-plus or qwen3-max, or leave it unset).`,
      'enable_thinking',
      { value: true, limit: 'enable_thinking: false or unset' },
    );
  }
  checkOutputOptions(params, model);
  checkCacheMarkers(params.messages);
  return model;
}
