import { z } from 'zod';
import { VectorSchema } from './common.js';

// https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference

/**
 * One element of `input.contents`: exactly one of `text`, `image` (public URL or
 * `data:image/{format};base64,...`) or `video` (public URL).
 */
export const MultimodalContentSchema = z.union([
  z.strictObject({ text: z.string().min(1) }),
  z.strictObject({ image: z.string().min(1) }),
  z.strictObject({ video: z.string().min(1) }),
]);
/** The TypeScript type of {@link MultimodalContentSchema}. */
export type MultimodalContent = z.infer<typeof MultimodalContentSchema>;

/** `parameters` of a multimodal embedding request. */
export const MultimodalEmbeddingParametersSchema = z.strictObject({
  dimension: z.number().int().positive().optional(),
  enable_fusion: z.boolean().optional(),
  output_type: z.literal('dense').optional(),
  fps: z.number().min(0).max(1).optional(),
  instruct: z.string().optional(),
});
/** The TypeScript type of {@link MultimodalEmbeddingParametersSchema}. */
export type MultimodalEmbeddingParameters = z.infer<typeof MultimodalEmbeddingParametersSchema>;

/** Strict request body of `POST /api/v1/services/embeddings/multimodal-embedding/multimodal-embedding` (the emulator reads it). */
export const MultimodalEmbeddingRequestSchema = z.strictObject({
  model: z.string().min(1),
  input: z.strictObject({ contents: z.array(MultimodalContentSchema).min(1) }),
  parameters: MultimodalEmbeddingParametersSchema.optional(),
});
/** The TypeScript type of {@link MultimodalEmbeddingRequestSchema}. */
export type MultimodalEmbeddingRequest = z.infer<typeof MultimodalEmbeddingRequestSchema>;

/**
 * Lenient response: `output.embeddings[]` with `index` (position in `contents`; 0 for the one fused
 * vector), `embedding` and `type` (`text`, `image`, `video`, or what the service calls a fused vector);
 * `usage` with `input_tokens` and, when media were sent, `image_tokens` and other counters.
 */
export const MultimodalEmbeddingResponseSchema = z.looseObject({
  output: z.looseObject({
    embeddings: z.array(z.looseObject({ index: z.number().int(), embedding: VectorSchema, type: z.string().optional() })),
  }),
  usage: z
    .looseObject({
      input_tokens: z.number().optional(),
      image_tokens: z.number().optional(),
      total_tokens: z.number().optional(),
    })
    .optional(),
  request_id: z.string().optional(),
});
/** The TypeScript type of {@link MultimodalEmbeddingResponseSchema}. */
export type MultimodalEmbeddingResponse = z.infer<typeof MultimodalEmbeddingResponseSchema>;
