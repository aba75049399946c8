import { InputValidationError } from '../../core/errors.js';
import { ResponseFunctionToolSchema, ResponseInputItemSchema } from '../../wire/responses.js';
import { assertParamsObject } from '../assert-params-object.js';
import type { ResponseCreateParams } from './response-types.js';

/** Parameters the Responses page lists as unsupported, with what to do instead. */
const UNSUPPORTED: Readonly<Record<string, string>> = {
  background: 'DashScope answers Responses API calls synchronously only; stream with stream: true instead',
  instructions: "DashScope does not take instructions; send them as an input item { role: 'system', content }",
};

/**
 * Checks `client.responses.create` params before sending
 * (https://help.aliyun.com/en/model-studio/compatibility-with-openai-responses-api): a params object with
 * a model; `input` a non-empty string or a non-empty array of message / `function_call` /
 * `function_call_output` items; `background` and `instructions` refused (unsupported by DashScope);
 * function tools with a valid name (1-64 of `A-Za-z0-9_-`); `previous_response_id` a non-empty string;
 * `max_output_tokens` a positive integer; `enable_thinking` and `stream` booleans.
 *
 * @throws InputValidationError naming the parameter.
 */
export function validateResponseParams(params: ResponseCreateParams): void {
  assertParamsObject(params, 'responses.create');
  for (const [name, advice] of Object.entries(UNSUPPORTED)) {
    if (params[name] !== undefined) throw new InputValidationError(`${name} is not supported: ${advice}.`, name, { value: params[name] });
  }
  const { input } = params;
  if (typeof input === 'string') {
    if (input.trim() === '') throw new InputValidationError('input must not be empty.', 'input', { value: input });
  } else if (!Array.isArray(input) || input.length === 0) {
    throw new InputValidationError('input must be a non-empty string or a non-empty array of input items.', 'input', { value: input });
  } else {
    input.forEach((item, index) => {
      const parsed = ResponseInputItemSchema.safeParse(item);
      if (!parsed.success) {
        throw new InputValidationError(
          `input[${index}] must be a message { role, content }, a function_call { call_id, name, arguments } or a function_call_output { call_id, output }.`,
          `input[${index}]`,
          { value: item },
        );
      }
    });
  }
  (params.tools ?? []).forEach((tool, index) => {
    if (tool?.type === 'function' && !ResponseFunctionToolSchema.safeParse(tool).success) {
      throw new InputValidationError(`tools[${index}] must be { type: 'function', name (1-64 of A-Za-z0-9_-), description?, parameters? }.`, `tools[${index}]`, { value: tool });
    }
  });
  if (params.previous_response_id !== undefined && (typeof params.previous_response_id !== 'string' || params.previous_response_id === '')) {
    throw new InputValidationError('previous_response_id must be a non-empty response id.', 'previous_response_id', { value: params.previous_response_id });
  }
  const cap = params.max_output_tokens;
  if (cap !== undefined && (typeof cap !== 'number' || !Number.isInteger(cap) || cap < 1)) {
    throw new InputValidationError('max_output_tokens must be a positive integer (tokens).', 'max_output_tokens', { value: cap, limit: '>= 1' });
  }
  for (const name of ['enable_thinking', 'stream'] as const) {
    if (params[name] !== undefined && typeof params[name] !== 'boolean') throw new InputValidationError(`${name} must be a boolean.`, name, { value: params[name] });
  }
}
