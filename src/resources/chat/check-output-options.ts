import { InputValidationError } from '../../core/errors.js';
import type { ChatModelInfo } from '../../models/model-info.js';
import { thinksFor } from '../../models/thinks-for.js';
import type { ChatCreateParams, ChatMessage } from './chat-types.js';

/** `top_logprobs` range: https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api */
const TOP_LOGPROBS_MAX = 5;
const FORMAT_TYPES = ['text', 'json_object', 'json_schema'] as const;

function mentionsJson(messages: readonly ChatMessage[]): boolean {
  return messages.some((message) => {
    if (message.role !== 'system' && message.role !== 'user') return false;
    const { content } = message;
    if (typeof content === 'string') return /json/i.test(content);
    return Array.isArray(content) && content.some((part) => 'text' in part && typeof part.text === 'string' && /json/i.test(part.text));
  });
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function checkLogprobs(params: ChatCreateParams): void {
  if (params.logprobs !== undefined && typeof params.logprobs !== 'boolean') {
    throw new InputValidationError(`logprobs must be a boolean (got ${JSON.stringify(params.logprobs)}).`, 'logprobs', { value: params.logprobs });
  }
  const top = params.top_logprobs;
  if (top === undefined) return;
  if (typeof top !== 'number' || !Number.isInteger(top) || top < 0 || top > TOP_LOGPROBS_MAX) {
    throw new InputValidationError(`top_logprobs must be an integer from 0 to ${TOP_LOGPROBS_MAX} (got ${String(top)}).`, 'top_logprobs', {
      value: top,
      limit: `[0, ${TOP_LOGPROBS_MAX}]`,
    });
  }
}

function checkResponseFormat(params: ChatCreateParams, model: ChatModelInfo | undefined): void {
  const format: unknown = params.response_format;
  if (format === undefined) return;
  const type = isPlainObject(format) ? format['type'] : undefined;
  if (!FORMAT_TYPES.includes(type as never)) {
    throw new InputValidationError(`response_format.type must be one of ${FORMAT_TYPES.join(', ')} (got ${JSON.stringify(type)}).`, 'response_format.type', {
      value: type,
      limit: FORMAT_TYPES,
    });
  }
  if (type === 'text') return;
  const thinks = model === undefined ? params.enable_thinking === true : thinksFor(model, params.enable_thinking);
  if (thinks) {
    const why = params.enable_thinking === true ? '' : model?.thinking === 'always' ? ` (${model.id} always thinks)` : ` (${model?.id} thinks by default)`;
    throw new InputValidationError(
      `response_format ${String(type)} is not supported in thinking mode${why}: set enable_thinking: false or use a non-thinking model.`,
      'response_format',
      { value: format, limit: 'enable_thinking: false' },
    );
  }
  if (type === 'json_object') {
    if (!mentionsJson(params.messages)) {
      throw new InputValidationError(
        "response_format json_object needs the word \"json\" (any case) in a system or user message, or DashScope answers 400 ('messages' must contain the word 'json' in some form).",
        'messages',
        { value: 'no "json" in system or user messages', limit: 'the word "json" in a system or user message' },
      );
    }
    return;
  }
  const spec = (format as Record<string, unknown>)['json_schema'];
  if (!isPlainObject(spec)) {
    throw new InputValidationError('response_format json_schema needs a json_schema object: { name, schema, strict? }.', 'response_format.json_schema', { value: spec });
  }
  if (typeof spec['name'] !== 'string' || spec['name'].trim() === '') {
    throw new InputValidationError('response_format.json_schema.name must be a non-empty string.', 'response_format.json_schema.name', { value: spec['name'] });
  }
  if (!isPlainObject(spec['schema'])) {
    throw new InputValidationError('response_format.json_schema.schema must be a JSON Schema object, e.g. { type: "object", properties: {...} }.', 'response_format.json_schema.schema', {
      value: spec['schema'],
    });
  }
  if (spec['strict'] !== undefined && typeof spec['strict'] !== 'boolean') {
    throw new InputValidationError('response_format.json_schema.strict must be a boolean.', 'response_format.json_schema.strict', { value: spec['strict'] });
  }
}

/**
 * Checks the options that shape a chat answer's output, before sending:
 *
 * - `logprobs` is a boolean; `top_logprobs` an integer in [0, 5]
 *   (https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api);
 * - `response_format` (https://www.alibabacloud.com/help/en/model-studio/qwen-structured-output): `type`
 *   is `text`, `json_object` or `json_schema`; structured output is refused in thinking mode
 *   (`enable_thinking: true`, a catalog model that always thinks, or one that thinks by default — the
 *   Qwen3.5+ lines — unless `enable_thinking: false` is sent);
 *   `json_object` needs the word "json" in a system or user message; `json_schema` needs
 *   `json_schema.name` (non-empty string) and `json_schema.schema` (an object), `strict` a boolean.
 *
 * @param model the catalog entry, or `undefined` for a model the catalog does not know.
 * @throws InputValidationError naming the field, with the value and the allowed range.
 */
export function checkOutputOptions(params: ChatCreateParams, model: ChatModelInfo | undefined): void {
  checkLogprobs(params);
  checkResponseFormat(params, model);
}
