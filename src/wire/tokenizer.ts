import { z } from 'zod';
import { NativeMessageSchema } from './chat-native.js';

// https://help.aliyun.com/zh/dashscope/developer-reference/token-api (legacy, estimate-only)

/** Request body of `POST /api/v1/tokenizer`. */
export const TokenizerRequestSchema = z.object({
  model: z.string().min(1),
  input: z.object({ messages: z.array(NativeMessageSchema).optional(), prompt: z.string().optional() }),
  parameters: z.record(z.string(), z.unknown()).optional(),
});
/** The TypeScript type of {@link TokenizerRequestSchema}. */
export type TokenizerRequest = z.infer<typeof TokenizerRequestSchema>;

/** Lenient tokenizer response. */
export const TokenizerResponseSchema = z.looseObject({
  output: z.looseObject({ token_ids: z.array(z.number()), tokens: z.array(z.string()) }),
  usage: z.looseObject({ input_tokens: z.number() }),
  request_id: z.string().optional(),
});
/** The TypeScript type of {@link TokenizerResponseSchema}. */
export type TokenizerResponse = z.infer<typeof TokenizerResponseSchema>;
