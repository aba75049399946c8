import { z } from 'zod';

/**
 * Native error envelope `{code, message, request_id}`, sent with a non-2xx status and inside
 * `event:error` stream events. https://www.alibabacloud.com/help/en/model-studio/error-code
 */
export const NativeErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  request_id: z.string(),
});
/** The TypeScript type of {@link NativeErrorBodySchema}. */
export type NativeErrorBody = z.infer<typeof NativeErrorBodySchema>;

/** OpenAI-compatible error envelope `{error:{message,type,param,code}, request_id}`. */
export const CompatibleErrorBodySchema = z.object({
  error: z.object({
    message: z.string(),
    type: z.string(),
    param: z.string().nullable().optional(),
    code: z.string().nullable(),
  }),
  request_id: z.string().optional(),
});
/** The TypeScript type of {@link CompatibleErrorBodySchema}. */
export type CompatibleErrorBody = z.infer<typeof CompatibleErrorBodySchema>;
