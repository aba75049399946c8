import { z } from 'zod';

// https://www.alibabacloud.com/help/en/model-studio/text-rerank-api

/** A multimodal rerank item: `{text}`, `{image}` (URL or data URI) or `{video}` (public URL). */
export const RerankItemSchema = z.union([
  z.strictObject({ text: z.string() }),
  z.strictObject({ image: z.string().min(1) }),
  z.strictObject({ video: z.string().min(1) }),
]);
/** The TypeScript type of {@link RerankItemSchema}. */
export type RerankItem = z.infer<typeof RerankItemSchema>;

/** Request body of `POST /api/v1/services/rerank/text-rerank/text-rerank`. */
export const NativeRerankRequestSchema = z.object({
  model: z.string().min(1),
  input: z.object({
    query: z.union([z.string(), RerankItemSchema]),
    documents: z.array(z.union([z.string(), RerankItemSchema])),
  }),
  parameters: z
    .object({
      top_n: z.number().int().min(1).optional(),
      return_documents: z.boolean().optional(),
      instruct: z.string().optional(),
      fps: z.number().min(0).max(1).optional(),
    })
    .optional(),
});
/** The TypeScript type of {@link NativeRerankRequestSchema}. */
export type NativeRerankRequest = z.infer<typeof NativeRerankRequestSchema>;

const RerankResultSchema = z.looseObject({
  index: z.number().int(),
  relevance_score: z.number(),
  document: z.looseObject({ text: z.string().optional(), image: z.string().optional(), video: z.string().optional() }).nullish(),
});

/** Lenient native rerank response; extra fields (seen on qwen3-vl-rerank) are allowed. */
export const NativeRerankResponseSchema = z.looseObject({
  output: z.looseObject({ results: z.array(RerankResultSchema) }),
  usage: z.looseObject({ total_tokens: z.number().optional() }).optional(),
  request_id: z.string().optional(),
});
/** The TypeScript type of {@link NativeRerankResponseSchema}. */
export type NativeRerankResponse = z.infer<typeof NativeRerankResponseSchema>;

/** Request body of `POST /compatible-api/v1/reranks` (flat; qwen3-rerank only). */
export const CompatibleRerankRequestSchema = z.object({
  model: z.string().min(1),
  query: z.string(),
  documents: z.array(z.string()),
  top_n: z.number().int().min(1).optional(),
  instruct: z.string().optional(),
  return_documents: z.boolean().optional(),
});
/** The TypeScript type of {@link CompatibleRerankRequestSchema}. */
export type CompatibleRerankRequest = z.infer<typeof CompatibleRerankRequestSchema>;

/** Lenient compatible rerank response: no `output` wrapper, request id in `id`. */
export const CompatibleRerankResponseSchema = z.looseObject({
  object: z.string().optional(),
  results: z.array(RerankResultSchema),
  model: z.string().optional(),
  id: z.string().optional(),
  usage: z.looseObject({ total_tokens: z.number().optional() }).optional(),
});
/** The TypeScript type of {@link CompatibleRerankResponseSchema}. */
export type CompatibleRerankResponse = z.infer<typeof CompatibleRerankResponseSchema>;
