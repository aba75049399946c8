import { z } from 'zod';

// GET /compatible-mode/v1/models: OpenAI's list shape (DashScope lists 150+ live models).

/** One entry of the live model list. */
export const ModelEntrySchema = z.looseObject({
  id: z.string().min(1),
  object: z.string().optional(),
  created: z.number().optional(),
  owned_by: z.string().optional(),
});

/** Lenient model list response; `data: null` (an empty listing) is accepted as no models. */
export const ModelListResponseSchema = z.looseObject({
  object: z.string().optional(),
  data: z.array(ModelEntrySchema).nullable(),
  id: z.string().optional(),
  request_id: z.string().optional(),
});
/** The TypeScript type of {@link ModelListResponseSchema}. */
export type ModelListResponse = z.infer<typeof ModelListResponseSchema>;
