import type { Tool, ToolCall } from '../../wire/chat-native.js';
import type { ChatLogprobs } from './chat-logprobs.js';

/**
 * Chat model ids the catalog knows; any other string is accepted too.
 * Model list: https://www.alibabacloud.com/help/en/model-studio/models
 */
export type ChatModel =
  | 'qwen-max'
  | 'qwen-plus'
  | 'qwen-turbo'
  | 'qwen-flash'
  | 'qwen3-max'
  | 'qwen3-235b-a22b'
  | 'qwen3-32b'
  | 'qwq-plus'
  | 'qwen-vl-plus'
  | 'qwen-vl-max'
  | 'qwen3-vl-plus'
  | (string & {});

/**
 * Explicit context-cache marker on a text part: the service caches the prompt from the start of
 * `messages` up to and including this part (at least 1,024 tokens, else it is simply not cached) for
 * 5 minutes, renewed by each hit. At most 4 markers per request; `type` is always `'ephemeral'`.
 * https://www.alibabacloud.com/help/en/model-studio/context-cache
 */
export interface CacheControl {
  type: 'ephemeral';
}

/**
 * A content part. Both spellings are accepted and converted to the chosen protocol's wire:
 * DashScope native (`{text}`, `{image}`, `{video}`, `{audio}`) and OpenAI style
 * (`{type:'text'}`, `{type:'image_url'}`, `{type:'video_url'}`). Images: https URL, `data:image/...;base64,...`,
 * or `oss://` (requires the OssResourceResolve header).
 */
export type ChatContentPart =
  | { text: string; cache_control?: CacheControl }
  | { image: string }
  | { video: string | string[] }
  | { audio: string }
  | { type: 'text'; text: string; cache_control?: CacheControl }
  | { type: 'image_url'; image_url: { url: string } }
  | { type: 'video_url'; video_url: { url: string } };

/** One message of the conversation. `tool` messages answer a `tool_calls` entry by `tool_call_id`. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | ChatContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  /** Reasoning of an earlier assistant turn; dropped when re-sent unless `preserve_thinking` is set. */
  reasoning_content?: string;
}

/**
 * Parameters of `client.chat.create`: DashScope's own names, flat. The SDK builds the native
 * `{model, input, parameters}` envelope or the compatible body. Defaults are per model:
 * https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api
 */
export interface ChatCreateParams {
  model: ChatModel;
  messages: ChatMessage[];
  /** Stream the answer as chunks. Native streams default to `incremental_output: true`. */
  stream?: boolean;
  /** Wire protocol for this call; defaults to the client's (`native`). */
  protocol?: 'native' | 'compatible';
  /**
   * Native protocol only: the endpoint family to call, overriding the catalog and the name rule (see
   * `nativeChatEndpoint` in `dashscope-kit/models`) — for a new model served where neither expects. Not sent.
   */
  endpoint?: 'text-generation' | 'multimodal-generation';
  /** Native streaming only: `false` makes the server repeat the whole text in every event (the SDK still yields deltas). */
  incremental_output?: boolean;
  /** Range [0, 2). */
  temperature?: number;
  /** Range (0, 1]. */
  top_p?: number;
  /** ≥ 0; `null` or > 100 disables. */
  top_k?: number | null;
  /** > 0; 1.0 = no penalty. */
  repetition_penalty?: number;
  /** Range [-2, 2]. */
  presence_penalty?: number;
  /** Maximum answer tokens (deprecated by DashScope for newer models; excludes reasoning). */
  max_tokens?: number;
  /** Maximum answer + reasoning tokens (newer models). */
  max_completion_tokens?: number;
  /** Range [0, 2^31 − 1]. */
  seed?: number;
  stop?: string | string[] | number[] | number[][];
  tools?: Tool[];
  tool_choice?: 'auto' | 'none' | { type: 'function'; function: { name: string } };
  parallel_tool_calls?: boolean;
  /**
   * Structured output: `json_object` (a system or user message must say "json") or `json_schema`
   * (`{name, schema, strict?}`: the answer follows the schema); not in thinking mode.
   * https://www.alibabacloud.com/help/en/model-studio/qwen-structured-output
   */
  response_format?: { type: 'text' } | { type: 'json_object' } | { type: 'json_schema'; json_schema: { name: string; description?: string; schema: Record<string, unknown>; strict?: boolean } };
  /** Hybrid thinking models: turn reasoning on or off. */
  enable_thinking?: boolean;
  /** Maximum reasoning tokens. */
  thinking_budget?: number;
  enable_search?: boolean;
  /** VL models: raise the pixel budget per image. */
  vl_high_resolution_images?: boolean;
  /** Return the log probability of each answer token in `choices[i].logprobs` (models that support it). */
  logprobs?: boolean;
  /** With `logprobs`: alternatives per token, integer in [0, 5]. */
  top_logprobs?: number;
  /** Compatible streams: ask for the final usage chunk. The SDK sets it to true by default. */
  stream_options?: { include_usage?: boolean };
  /** Any other DashScope parameter, passed through unchanged. */
  [parameter: string]: unknown;
}

/** Token usage in DashScope's native names (compatible-mode numbers are mapped onto them). Units: tokens. */
export interface ChatUsage {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  /** Reasoning tokens inside `output_tokens`, when reported. */
  reasoning_tokens?: number;
  /** Input tokens served from the context cache (explicit or implicit hit), inside `input_tokens`, when reported. */
  cached_tokens?: number;
  /** Explicit cache: input tokens written to a new cache entry by this call (billed at 125 %), inside `input_tokens`. */
  cache_creation_input_tokens?: number;
  /** Explicit cache: `'ephemeral'` when the call used `cache_control` markers; absent for implicit caching. */
  cache_type?: string;
  /** Image tokens inside `input_tokens` (VL models). */
  image_tokens?: number;
}

/** The assistant's reply. `content` is always a string (VL `[{text}]` arrays are joined). */
export interface ChatAssistantMessage {
  role: 'assistant';
  content: string;
  /** Reasoning text, kept apart from `content`. */
  reasoning_content?: string;
  tool_calls?: ToolCall[];
}

/** One choice of a completion. `finish_reason`: `stop`, `length`, `tool_calls`, … or `null` while streaming. */
export interface ChatChoice {
  index: number;
  finish_reason: string | null;
  message: ChatAssistantMessage;
  /** Token log probabilities, when the call set `logprobs: true` and the model returned them. */
  logprobs?: ChatLogprobs;
}

/** Result of a non-streaming `client.chat.create`. */
export interface ChatCompletion {
  request_id: string;
  model: string;
  choices: ChatChoice[];
  usage: ChatUsage;
}

/** A tool-call fragment in a stream: merge fragments by `index` (see `accumulateChatChunk`). */
export interface ToolCallDelta {
  index: number;
  id?: string;
  type?: 'function';
  function: { name?: string; arguments?: string };
}

/** One streamed chunk: deltas only, whatever the protocol and `incremental_output`. */
export interface ChatCompletionChunk {
  request_id: string;
  model: string;
  choices: Array<{
    index: number;
    finish_reason: string | null;
    delta: { role?: 'assistant'; content?: string; reasoning_content?: string; tool_calls?: ToolCallDelta[] };
    /** Log probabilities of this chunk's new answer tokens, when requested. */
    logprobs?: ChatLogprobs;
  }>;
  /** Cumulative usage: every native event; the last compatible chunk. */
  usage?: ChatUsage;
}
