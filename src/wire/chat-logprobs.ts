import { z } from 'zod';

// Native: https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api (choices[i].logprobs);
// compatible: https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope.
// Shape as recorded from qwen-max (cnblogs/dashscope-sdk, single-generation-message-logprobs, 2025-07-07).

/** One alternative token at a position: its text, UTF-8 bytes and natural-log probability. */
export const TopLogprobSchema = z.looseObject({
  token: z.string(),
  logprob: z.number().nullish(),
  bytes: z.array(z.number().int()).nullish(),
});

/** One generated token with its log probability and the `top_logprobs` alternatives (the chosen one included). */
export const TokenLogprobSchema = z.looseObject({
  token: z.string(),
  logprob: z.number().nullish(),
  bytes: z.array(z.number().int()).nullish(),
  top_logprobs: z.array(TopLogprobSchema).nullish(),
});

/** `choices[i].logprobs` on both protocols: `{content: [...]}` for the answer's tokens, or `null`. */
export const ChatLogprobsSchema = z.looseObject({
  content: z.array(TokenLogprobSchema).nullish(),
});
/** The TypeScript type of {@link ChatLogprobsSchema}. */
export type WireChatLogprobs = z.infer<typeof ChatLogprobsSchema>;
