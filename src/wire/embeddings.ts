import { z } from 'zod';
import { VectorSchema } from './common.js';

// https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api

/** `text_type`: `query` for search queries, `document` (the default) for indexed text. */
export const TextTypeSchema = z.enum(['query', 'document']);
/** `output_type` (v3/v4): `dense` (default), `sparse`, or both. */
export const OutputTypeSchema = z.enum(['dense', 'sparse', 'dense&sparse']);

/** Request body of `POST /api/v1/services/embeddings/text-embedding/text-embedding`. */
export const NativeEmbeddingRequestSchema = z.object({
  model: z.string().min(1),
  input: z.object({ texts: z.union([z.string(), z.array(z.string())]) }),
  parameters: z
    .object({
      text_type: TextTypeSchema.optional(),
      dimension: z.number().int().positive().optional(),
      output_type: OutputTypeSchema.optional(),
      instruct: z.string().optional(),
    })
    .optional(),
});
/** The TypeScript type of {@link NativeEmbeddingRequestSchema}. */
export type NativeEmbeddingRequest = z.infer<typeof NativeEmbeddingRequestSchema>;

/** One sparse weight: vocabulary `index`, `value`, and the `token` text. */
export const SparseEntrySchema = z.looseObject({ index: z.number(), value: z.number(), token: z.string().optional() });
/** The TypeScript type of {@link SparseEntrySchema}. */
export type SparseEntry = z.infer<typeof SparseEntrySchema>;

/** Lenient native embedding response; match vectors to inputs by `text_index`. */
export const NativeEmbeddingResponseSchema = z.looseObject({
  output: z.looseObject({
    embeddings: z.array(
      z.looseObject({
        text_index: z.number().int(),
        embedding: VectorSchema.optional(),
        sparse_embedding: z.array(SparseEntrySchema).optional(),
      }),
    ),
  }),
  usage: z.looseObject({ total_tokens: z.number() }).optional(),
  request_id: z.string().optional(),
});
/** The TypeScript type of {@link NativeEmbeddingResponseSchema}. */
export type NativeEmbeddingResponse = z.infer<typeof NativeEmbeddingResponseSchema>;

/**
 * Request body of `POST /compatible-mode/v1/embeddings`. DashScope documents only `encoding_format:
 * "float"`, but OpenAI clients (openai-node, openai-python) send `"base64"` whenever the caller does not
 * choose, so a strict `"float"` would reject the unmodified `openai` package; both values are accepted.
 */
export const CompatibleEmbeddingRequestSchema = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string())]),
  dimensions: z.number().int().positive().optional(),
  encoding_format: z.enum(['float', 'base64']).optional(),
  text_type: TextTypeSchema.optional(),
});
/** The TypeScript type of {@link CompatibleEmbeddingRequestSchema}. */
export type CompatibleEmbeddingRequest = z.infer<typeof CompatibleEmbeddingRequestSchema>;

/** Lenient compatible embedding response (`data[].index`, `usage.prompt_tokens`, request id in `id`). */
export const CompatibleEmbeddingResponseSchema = z.looseObject({
  data: z.array(z.looseObject({ embedding: VectorSchema, index: z.number().int(), object: z.string().optional() })),
  model: z.string().optional(),
  object: z.string().optional(),
  usage: z.looseObject({ prompt_tokens: z.number().optional(), total_tokens: z.number() }).optional(),
  id: z.string().optional(),
});
/** The TypeScript type of {@link CompatibleEmbeddingResponseSchema}. */
export type CompatibleEmbeddingResponse = z.infer<typeof CompatibleEmbeddingResponseSchema>;
