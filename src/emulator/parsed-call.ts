import type { ExplicitCache } from './context-cache/explicit-cache.js';
import type { Protocol } from '../models/model-info.js';
import type { EndpointKind } from './emulator-options.js';

/** The successful body of a call: one JSON document, or SSE events already encoded by `encodeSSE`. */
export type ProducedBody =
  | { type: 'json'; body: unknown; outputTokens: number }
  | { type: 'raw'; contentType: string; text: string; outputTokens: number }
  | { type: 'sse'; style: 'native' | 'compatible'; events: string[]; outputTokens: number };

/**
 * A request that passed validation: what rate limiting, faults and stats need to know about it, and
 * how to produce its answer once it is admitted. `model` is empty for calls that name none (the
 * models listing), which are neither rate limited nor counted per model.
 */
export interface ParsedCall {
  endpoint: EndpointKind;
  protocol: Protocol;
  model: string;
  stream: boolean;
  /** Input tokens (Qwen tokenizer), counted against TPM at admission and reported in usage. */
  inputTokens: number;
  /** Texts embedded or documents reranked (0 for chat). */
  items: number;
  /**
   * For calls that name no model (files, batches): the rate-limit bucket they count against, e.g.
   * `batches.create` (limits per bucket in `rateLimits`, or the documented ones with `'catalog'`).
   */
  limitKey?: string;
  produce(): Promise<ProducedBody>;
}

/** What every endpoint handler receives. */
export interface CallInput {
  body: unknown;
  headers: Headers;
  requestId: string;
  /** Epoch ms from the emulator's clock. */
  now: number;
  /** Region of a `/{region}/` path prefix, if any. */
  region: string | undefined;
  embeddingOverLimit: 'error' | 'truncate';
  /** The emulator's explicit context cache. */
  contextCache: ExplicitCache;
  /** Route parameters (`:id`). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The parsed `multipart/form-data` body, when the request carried one (`body` is then undefined). */
  form: FormData | undefined;
  /** Origin the request was addressed to (`http://127.0.0.1:port`), for URLs the emulator hands out. */
  origin?: string | undefined;
}
