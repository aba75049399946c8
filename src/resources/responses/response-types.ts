import type { z } from 'zod';
import type {
  ResponseFunctionToolSchema,
  ResponseInputItemSchema,
  ResponseObjectSchema,
  ResponseOutputItemSchema,
  ResponseUsageSchema,
} from '../../wire/responses.js';

/** One input item: a message (`role`, `content` string or `input_text` / `input_image` parts), a replayed `function_call`, or a `function_call_output`. */
export type ResponseInputItem = z.input<typeof ResponseInputItemSchema>;

/** A function tool: `{ type: 'function', name, description?, parameters? (JSON Schema) }`. */
export type ResponseFunctionTool = z.input<typeof ResponseFunctionToolSchema>;

/**
 * Parameters of `client.responses.create` (https://help.aliyun.com/en/model-studio/compatibility-with-openai-responses-api).
 * DashScope's Responses API is synchronous: `background` and `instructions` are refused before sending
 * (put instructions in a `system` input message); other unknown parameters are sent and ignored by the service.
 */
export interface ResponseCreateParams {
  /** A chat model id (`qwen3-max`, `qwen-plus`, `qwen3.6-plus` …). */
  model: string;
  /** A user prompt, or input items. */
  input: string | ResponseInputItem[];
  /** Continue the conversation of an earlier response (the service keeps its turns). */
  previous_response_id?: string;
  /** DashScope's switch for thinking; reasoning arrives as a `reasoning` output item. */
  enable_thinking?: boolean;
  /** Function tools (and DashScope's built-in tools, e.g. `{ type: 'web_search' }`). */
  tools?: (ResponseFunctionTool | { type: string; [key: string]: unknown })[];
  tool_choice?: 'auto' | 'none' | 'required' | { type: 'function'; name: string };
  temperature?: number;
  top_p?: number;
  /** Cap on output tokens (reasoning included), tokens. */
  max_output_tokens?: number;
  stream?: boolean;
  [key: string]: unknown;
}

/** Usage of one response, in tokens: `input_tokens_details.cached_tokens`, `output_tokens_details.reasoning_tokens`. */
export type ResponseUsage = z.infer<typeof ResponseUsageSchema>;

/** One output item: `message` (with `output_text` parts), `reasoning` (with `summary` texts), `function_call`, or a built-in tool's item. */
export type ResponseOutputItem = z.infer<typeof ResponseOutputItemSchema>;

/** A response, plus `output_text`: the text of every `output_text` part of its messages, joined. */
export type Response = z.infer<typeof ResponseObjectSchema> & { output_text: string };

/** One streamed event (`response.created`, `response.output_text.delta` with `delta`, … `response.completed` with `response`). */
export interface ResponseStreamEvent {
  type: string;
  sequence_number?: number;
  /** Text added by `*.delta` events. */
  delta?: string;
  /** The response, on `response.created`, `response.in_progress` and `response.completed`. */
  response?: Response;
  [key: string]: unknown;
}
