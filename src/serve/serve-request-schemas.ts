import { z } from 'zod';

const ContentPartSchema = z.looseObject({ type: z.string().optional(), text: z.string().optional() });

/** One chat message: `role` and string content (OpenAI content parts also accepted; text parts are read). */
export const ServeMessageSchema = z.looseObject({
  role: z.string(),
  content: z.union([z.string(), z.array(ContentPartSchema)]).nullish(),
});

/**
 * Body of `POST /chat/completions/stream`, after DeepWiki-Open's `ChatCompletionRequest`
 * (api/simple_chat.py): `messages` is required; `model` is honoured when it names a Qwen chat model of the
 * catalog; `provider`, `repo_url`, `filePath`, `token`, `type`, `language` and the include/exclude filters
 * are accepted and ignored (the server answers from its own `--docs`).
 */
export const DeepWikiRequestSchema = z.looseObject({
  messages: z.array(ServeMessageSchema),
  provider: z.string().nullish(),
  model: z.string().nullish(),
});

/** Body of `POST /v1/chat/completions` (OpenAI Chat Completions): other fields are accepted and ignored. */
export const OpenAIChatRequestSchema = z.looseObject({
  model: z.string(),
  messages: z.array(ServeMessageSchema),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().nullish() }).nullish(),
});

/** Body of `POST /api/answer`, the page's endpoint. */
export const AnswerRequestSchema = z.strictObject({
  question: z.string(),
  history: z.array(z.strictObject({ role: z.enum(['user', 'assistant']), content: z.string() })).optional(),
  model: z.string().optional(),
});
