import { z } from 'zod';
import { ChatLogprobsSchema } from './chat-logprobs.js';
import { FinishReasonSchema } from './common.js';

// https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api (native text & multimodal generation)

/** Explicit context-cache marker (`{type: 'ephemeral'}`): https://www.alibabacloud.com/help/en/model-studio/context-cache */
export const CacheControlSchema = z.strictObject({ type: z.literal('ephemeral') });

/**
 * One part of a message: `{text}`, `{image}`, `{video}` (URL or frame URLs) or `{audio}`; a text part
 * carrying a context-cache marker is `{type: 'text', text, cache_control}`.
 */
export const NativeContentPartSchema = z.union([
  z.strictObject({ text: z.string() }),
  z.strictObject({ type: z.literal('text').optional(), text: z.string(), cache_control: CacheControlSchema }),
  z.strictObject({ image: z.string().min(1) }),
  z.strictObject({ video: z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]) }),
  z.strictObject({ audio: z.string().min(1) }),
]);
/** The TypeScript type of {@link NativeContentPartSchema}. */
export type NativeContentPart = z.infer<typeof NativeContentPartSchema>;

/** A tool call as it appears in assistant messages and (as fragments) in streams. */
export const ToolCallSchema = z.object({
  id: z.string().optional(),
  type: z.literal('function').optional(),
  index: z.number().int().optional(),
  function: z.object({ name: z.string().optional(), arguments: z.string().optional() }),
});
/** The TypeScript type of {@link ToolCallSchema}. */
export type ToolCall = z.infer<typeof ToolCallSchema>;

/** A chat message on the native wire. */
export const NativeMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.array(NativeContentPartSchema)]),
  name: z.string().optional(),
  tool_calls: z.array(ToolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  reasoning_content: z.string().optional(),
  partial: z.boolean().optional(),
});
/** The TypeScript type of {@link NativeMessageSchema}. */
export type NativeMessage = z.infer<typeof NativeMessageSchema>;

/** A function tool offered to the model. Names: ≤ 64 chars of `[A-Za-z0-9_-]`; `search` is reserved. */
export const ToolSchema = z.object({
  type: z.literal('function'),
  function: z.object({
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
  }),
});
/** The TypeScript type of {@link ToolSchema}. */
export type Tool = z.infer<typeof ToolSchema>;

/** `tool_choice`: `auto` (default), `none`, or one named function (not in thinking mode). */
export const ToolChoiceSchema = z.union([
  z.enum(['auto', 'none']),
  z.object({ type: z.literal('function'), function: z.object({ name: z.string() }) }),
]);

/** `response_format`: text, `json_object` (messages must mention "json"), or `json_schema`. Not with thinking. */
export const ResponseFormatSchema = z.union([
  z.object({ type: z.literal('text') }),
  z.object({ type: z.literal('json_object') }),
  z.object({
    type: z.literal('json_schema'),
    json_schema: z.object({
      name: z.string(),
      description: z.string().optional(),
      schema: z.record(z.string(), z.unknown()).optional(),
      strict: z.boolean().optional(),
    }),
  }),
]);

/** `stop`: a string, strings, token ids, or lists of token ids (do not mix strings and ids). */
export const StopSchema = z.union([
  z.string(),
  z.array(z.string()),
  z.array(z.number().int()),
  z.array(z.array(z.number().int())),
]);

/**
 * Generation parameters both protocols share (native: inside `parameters`; compatible: top level).
 * Ranges from https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api
 */
export const SHARED_CHAT_PARAMETERS = {
  temperature: z.number().min(0).lt(2).optional(),
  top_p: z.number().gt(0).max(1).optional(),
  top_k: z.number().int().min(0).nullable().optional(),
  repetition_penalty: z.number().gt(0).optional(),
  presence_penalty: z.number().min(-2).max(2).optional(),
  max_tokens: z.number().int().positive().optional(),
  max_completion_tokens: z.number().int().positive().optional(),
  seed: z.number().int().min(0).max(2 ** 31 - 1).optional(),
  tools: z.array(ToolSchema).optional(),
  tool_choice: ToolChoiceSchema.optional(),
  parallel_tool_calls: z.boolean().optional(),
  response_format: ResponseFormatSchema.optional(),
  enable_thinking: z.boolean().optional(),
  thinking_budget: z.number().int().positive().optional(),
  enable_search: z.boolean().optional(),
  vl_high_resolution_images: z.boolean().optional(),
  n: z.number().int().min(1).max(4).optional(),
  logprobs: z.boolean().optional(),
  /** Alternatives per token, [0, 5]. */
  top_logprobs: z.number().int().min(0).max(5).optional(),
};

/** Native `parameters` object (everything model-tuning). Unknown keys pass through to the service. */
export const NativeChatParametersSchema = z.looseObject({
  ...SHARED_CHAT_PARAMETERS,
  result_format: z.enum(['text', 'message']).optional(),
  incremental_output: z.boolean().optional(),
  stop: StopSchema.optional(),
});
/** The TypeScript type of {@link NativeChatParametersSchema}. */
export type NativeChatParameters = z.infer<typeof NativeChatParametersSchema>;

/** Request body of `POST /api/v1/services/aigc/{text,multimodal}-generation/generation`. */
export const NativeChatRequestSchema = z.object({
  model: z.string().min(1),
  input: z.object({
    messages: z.array(NativeMessageSchema).optional(),
    prompt: z.string().optional(),
  }),
  parameters: NativeChatParametersSchema.optional(),
});
/** The TypeScript type of {@link NativeChatRequestSchema}. */
export type NativeChatRequest = z.infer<typeof NativeChatRequestSchema>;

/**
 * `usage.prompt_tokens_details` on both protocols: `cached_tokens` (context-cache hits); with explicit
 * cache markers also `cache_creation_input_tokens`, `cache_creation.ephemeral_5m_input_tokens` and
 * `cache_type: 'ephemeral'`. https://www.alibabacloud.com/help/en/model-studio/context-cache
 */
export const PromptTokensDetailsSchema = z.looseObject({
  cached_tokens: z.number().optional(),
  cache_creation_input_tokens: z.number().optional(),
  cache_creation: z.looseObject({ ephemeral_5m_input_tokens: z.number().optional() }).optional(),
  cache_type: z.string().optional(),
});

/** The TypeScript type of {@link PromptTokensDetailsSchema}. */
export type PromptTokensDetails = z.infer<typeof PromptTokensDetailsSchema>;

/** Native usage. VL responses have no `total_tokens`; details appear on newer models. */
export const NativeChatUsageSchema = z.looseObject({
  input_tokens: z.number().optional(),
  output_tokens: z.number().optional(),
  total_tokens: z.number().optional(),
  image_tokens: z.number().optional(),
  prompt_tokens_details: PromptTokensDetailsSchema.optional(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().optional() }).optional(),
});
/** The TypeScript type of {@link NativeChatUsageSchema}. */
export type NativeChatUsage = z.infer<typeof NativeChatUsageSchema>;

const ResponseContentSchema = z.union([z.string(), z.array(z.looseObject({ text: z.string().optional() }))]).nullish();

/** Lenient native response (and native SSE event payload): `result_format` text or message. */
export const NativeChatResponseSchema = z.looseObject({
  output: z.looseObject({
    text: z.string().nullish(),
    finish_reason: FinishReasonSchema,
    choices: z
      .array(
        z.looseObject({
          finish_reason: FinishReasonSchema,
          message: z.looseObject({
            role: z.string().optional(),
            content: ResponseContentSchema,
            reasoning_content: z.string().nullish(),
            tool_calls: z.array(ToolCallSchema.loose()).nullish(),
          }),
          logprobs: ChatLogprobsSchema.nullish(),
        }),
      )
      .optional(),
  }),
  usage: NativeChatUsageSchema.optional(),
  request_id: z.string().optional(),
});
/** The TypeScript type of {@link NativeChatResponseSchema}. */
export type NativeChatResponse = z.infer<typeof NativeChatResponseSchema>;
