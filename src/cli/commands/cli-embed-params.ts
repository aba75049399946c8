import type { EmbedParams } from '../../production/resolve-embed-settings.js';
import type { BulkEmbedOptions } from './bulk-embed.js';

/**
 * The embedding parameters every real-time bulk mode of `dashscope-kit embed` sends (the file job and the
 * `--redis` worker): model, `text_type`, `dimension` and `instruct` as given, `concurrency` requests in
 * flight, token counts by estimate (the limiter is corrected with each response's usage), and `signal`.
 */
export function cliEmbedParams(options: BulkEmbedOptions, signal: AbortSignal): Pick<EmbedParams, 'model' | 'text_type' | 'concurrency' | 'tokenCounting' | 'dimension' | 'instruct'> & { signal: AbortSignal } {
  return {
    model: options.model,
    text_type: options.textType,
    concurrency: options.concurrency,
    tokenCounting: 'estimate',
    signal,
    ...(options.dimension !== undefined ? { dimension: options.dimension } : {}),
    ...(options.instruct !== undefined ? { instruct: options.instruct } : {}),
  };
}
