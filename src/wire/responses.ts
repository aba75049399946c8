import { z } from 'zod';

/**
 * Wire schemas of DashScope's OpenAI-compatible Responses API, `POST /compatible-mode/v1/responses`
 * (https://help.aliyun.com/en/model-studio/compatibility-with-openai-responses-api): synchronous only,
 * `previous_response_id`, `enable_thinking`, function tools. Requests are checked strictly enough for the
 * emulator; responses and stream events leniently (unknown fields pass) for the SDK.
 */

/** A content part of an input message: text (`input_text`, or `output_text` when replaying an assistant turn) or an image. */
export const ResponseInputContentSchema = z.union([
  z.object({ type: z.enum(['input_text', 'output_text']), text: z.string() }).loose(),
  z.object({ type: z.literal('input_image'), image_url: z.string() }).loose(),
]);

/** One input item: a message, a function call replayed from an earlier answer, or a function's output. */
export const ResponseInputItemSchema = z.union([
  z
    .object({
      type: z.literal('message').optional(),
      role: z.enum(['user', 'assistant', 'system', 'developer']),
      content: z.union([z.string(), z.array(ResponseInputContentSchema)]),
    })
    .loose(),
  z.object({ type: z.literal('function_call'), call_id: z.string(), name: z.string(), arguments: z.string() }).loose(),
  z.object({ type: z.literal('function_call_output'), call_id: z.string(), output: z.string() }).loose(),
]);

/** A function tool as the Responses API declares it (flat, not nested under `function`). */
export const ResponseFunctionToolSchema = z
  .object({
    type: z.literal('function'),
    name: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/),
    description: z.string().optional(),
    parameters: z.record(z.string(), z.unknown()).optional(),
    strict: z.boolean().optional(),
  })
  .loose();

/** The request body. Unknown parameters pass (DashScope ignores them). */
export const ResponseCreateRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(ResponseInputItemSchema)]),
  previous_response_id: z.string().optional(),
  enable_thinking: z.boolean().optional(),
  tools: z.array(z.union([ResponseFunctionToolSchema, z.looseObject({ type: z.string() })])).optional(),
  tool_choice: z.union([z.enum(['auto', 'none', 'required']), z.looseObject({ type: z.literal('function'), name: z.string() })]).optional(),
  temperature: z.number().optional(),
  top_p: z.number().optional(),
  max_output_tokens: z.number().int().positive().optional(),
  stream: z.boolean().optional(),
});

/** Usage of one response, in tokens. */
export const ResponseUsageSchema = z.looseObject({
  input_tokens: z.number(),
  output_tokens: z.number(),
  total_tokens: z.number(),
  input_tokens_details: z.looseObject({ cached_tokens: z.number().optional() }).optional(),
  output_tokens_details: z.looseObject({ reasoning_tokens: z.number().optional() }).optional(),
});

/** One output item: an assistant message, a reasoning item, a function call, or a built-in tool's item. */
export const ResponseOutputItemSchema = z.union([
  z.looseObject({
    type: z.literal('message'),
    id: z.string(),
    role: z.literal('assistant'),
    status: z.string().optional(),
    content: z.array(z.looseObject({ type: z.string(), text: z.string().optional() })),
  }),
  z.looseObject({
    type: z.literal('reasoning'),
    id: z.string(),
    summary: z.array(z.looseObject({ type: z.string(), text: z.string() })),
  }),
  z.looseObject({ type: z.literal('function_call'), id: z.string().optional(), call_id: z.string(), name: z.string(), arguments: z.string() }),
  z.looseObject({ type: z.string() }),
]);

/** A response object (`object: "response"`). */
export const ResponseObjectSchema = z.looseObject({
  id: z.string(),
  object: z.literal('response').optional(),
  created_at: z.number().optional(),
  status: z.string(),
  model: z.string(),
  output: z.array(ResponseOutputItemSchema),
  usage: ResponseUsageSchema.nullish(),
  error: z.unknown().optional(),
});

/** One streamed event: `type` names it (`response.created` … `response.completed`). */
export const ResponseStreamEventSchema = z.looseObject({ type: z.string(), sequence_number: z.number().optional() });
