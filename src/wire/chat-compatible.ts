import { z } from 'zod';
import { ChatLogprobsSchema } from './chat-logprobs.js';
import { CacheControlSchema, PromptTokensDetailsSchema, SHARED_CHAT_PARAMETERS, StopSchema, ToolCallSchema } from './chat-native.js';

// https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope

/** An OpenAI-style content part (text, optionally with a context-cache marker, or image_url / video_url). */
export const CompatibleContentPartSchema = z.union([
  z.object({ type: z.literal('text'), text: z.string(), cache_control: CacheControlSchema.optional() }),
  z.object({ type: z.literal('image_url'), image_url: z.object({ url: z.string().min(1) }) }),
  z.object({ type: z.literal('video_url'), video_url: z.object({ url: z.string().min(1) }) }),
  z.object({ type: z.literal('video'), video: z.array(z.string()) }),
  z.object({ type: z.literal('input_audio'), input_audio: z.object({ data: z.string(), format: z.string().optional() }) }),
]);

/** A chat message on the OpenAI-compatible wire (`content` null only on assistant tool-call turns). */
export const CompatibleMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant', 'tool', 'developer']),
  content: z.union([z.string(), z.array(CompatibleContentPartSchema)]).nullable(),
  name: z.string().optional(),
  tool_calls: z.array(ToolCallSchema).optional(),
  tool_call_id: z.string().optional(),
  reasoning_content: z.string().optional(),
});
/** The TypeScript type of {@link CompatibleMessageSchema}. */
export type CompatibleMessage = z.infer<typeof CompatibleMessageSchema>;

/** Request body of `POST /compatible-mode/v1/chat/completions`, DashScope extras at the top level. */
export const CompatibleChatRequestSchema = z.looseObject({
  model: z.string().min(1),
  messages: z.array(CompatibleMessageSchema).min(1),
  stream: z.boolean().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).nullish(),
  ...SHARED_CHAT_PARAMETERS,
  stop: StopSchema.nullish(),
});
/** The TypeScript type of {@link CompatibleChatRequestSchema}. */
export type CompatibleChatRequest = z.infer<typeof CompatibleChatRequestSchema>;

/** Compatible-mode usage: `prompt_tokens`, `completion_tokens`, `total_tokens` (tokens), with optional details. */
export const CompatibleUsageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
  prompt_tokens_details: PromptTokensDetailsSchema.nullish(),
  completion_tokens_details: z.looseObject({ reasoning_tokens: z.number().optional() }).nullish(),
});
/** The TypeScript type of {@link CompatibleUsageSchema}. */
export type CompatibleUsage = z.infer<typeof CompatibleUsageSchema>;

/** Lenient `chat.completion` response. */
export const CompatibleChatResponseSchema = z.looseObject({
  id: z.string(),
  object: z.string().optional(),
  created: z.number().optional(),
  model: z.string().optional(),
  choices: z.array(
    z.looseObject({
      index: z.number().optional(),
      finish_reason: z.string().nullish(),
      message: z.looseObject({
        role: z.string().optional(),
        content: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        tool_calls: z.array(ToolCallSchema.loose()).nullish(),
      }),
      logprobs: ChatLogprobsSchema.nullish(),
    }),
  ),
  usage: CompatibleUsageSchema.nullish(),
});
/** The TypeScript type of {@link CompatibleChatResponseSchema}. */
export type CompatibleChatResponse = z.infer<typeof CompatibleChatResponseSchema>;

/** Lenient `chat.completion.chunk` (one SSE event). The usage-only last chunk has `choices: []`. */
export const CompatibleChatChunkSchema = z.looseObject({
  id: z.string(),
  object: z.string().optional(),
  model: z.string().optional(),
  choices: z.array(
    z.looseObject({
      index: z.number().optional(),
      finish_reason: z.string().nullish(),
      delta: z.looseObject({
        role: z.string().nullish(),
        content: z.string().nullish(),
        reasoning_content: z.string().nullish(),
        tool_calls: z.array(ToolCallSchema.loose()).nullish(),
      }),
      logprobs: ChatLogprobsSchema.nullish(),
    }),
  ),
  usage: CompatibleUsageSchema.nullish(),
});
/** The TypeScript type of {@link CompatibleChatChunkSchema}. */
export type CompatibleChatChunk = z.infer<typeof CompatibleChatChunkSchema>;
