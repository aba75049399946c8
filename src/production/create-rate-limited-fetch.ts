import { parseErrorBody } from '../core/errors.js';
import { estimateTokens as estimateQwenTokens } from '../tokenizer/estimate-tokens.js';
import { classifyThrottle } from '../core/classify-throttle.js';
import type { Permit, RateLimiter } from './rate-limiter.js';
import { readRequestTokens } from './read-request-tokens.js';

/** Options of {@link createRateLimitedFetch}. */
export interface RateLimitedFetchOptions {
  /** The limiter every attempt waits on; share it between clients that use the same account and models. */
  limiter: RateLimiter;
  /** The fetch to wrap. Default: the global `fetch`. */
  fetch?: typeof fetch | undefined;
  /**
   * Token count of one text, used to size each request's reservation. Default: `estimateTokens` from the
   * tokenizer (synchronous, no vocabulary load; usually over-counts natural text by 1.05–1.7×). The
   * reservation is corrected with the `usage.total_tokens` the response reports.
   */
  estimateTokens?: ((text: string) => number) | undefined;
}

/** Bytes of the end of a response body kept to read `usage.total_tokens` (DashScope puts `usage` last). */
const TAIL_BYTES = 4_096;
const TOTAL_TOKENS = /"total_tokens"\s*:\s*(\d+)/g;

function parseBody(body: unknown): unknown {
  if (typeof body !== 'string') return undefined;
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

function totalTokensIn(tail: Uint8Array): number | undefined {
  let last: number | undefined;
  for (const match of new TextDecoder().decode(tail).matchAll(TOTAL_TOKENS)) last = Number(match[1]);
  return last;
}

async function releaseThrottle(response: Response, permit: Permit): Promise<void> {
  let code: string | undefined;
  let message: string | undefined;
  try {
    const text = await response.clone().text();
    let body: unknown = text;
    try {
      body = JSON.parse(text) as unknown;
    } catch {
      body = text;
    }
    ({ code, message } = parseErrorBody(body));
  } catch {
    code = undefined;
  }
  const throttle = classifyThrottle({ status: 429, code, message });
  permit.release(throttle ? { outcome: 'throttled', throttle } : { outcome: 'error' });
}

/** Passes the body through and releases the permit when it ends (success, with the reported tokens), fails or is cancelled. */
function releaseAtEnd(response: Response, permit: Permit): Response {
  const reader = response.body!.getReader();
  let tail = new Uint8Array(0);
  const finish = (ok: boolean) => {
    if (!ok) return permit.release({ outcome: 'error' });
    const actualTokens = totalTokensIn(tail);
    permit.release(actualTokens === undefined ? { outcome: 'success' } : { outcome: 'success', actualTokens });
  };
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      let chunk: ReadableStreamReadResult<Uint8Array>;
      try {
        chunk = await reader.read();
      } catch (error) {
        finish(false);
        controller.error(error);
        return;
      }
      if (chunk.done) {
        finish(true);
        controller.close();
        return;
      }
      const value = chunk.value;
      if (value.length >= TAIL_BYTES) tail = value.slice(value.length - TAIL_BYTES);
      else {
        const joined = new Uint8Array(Math.min(TAIL_BYTES, tail.length + value.length));
        const keep = joined.length - value.length;
        joined.set(tail.subarray(tail.length - keep), 0);
        joined.set(value, keep);
        tail = joined;
      }
      controller.enqueue(value);
    },
    cancel(reason) {
      finish(false);
      return reader.cancel(reason);
    },
  });
  return new Response(body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

/**
 * Wraps `fetch` so that every HTTP attempt waits for a permit from a shared {@link RateLimiter} first: pass
 * it as the client's `fetch` and chat, embeddings and rerank on that client (retries included, because
 * the client's retry loop calls fetch once per attempt) share one set of per-model RPM / TPM buckets and
 * concurrency caps, as DashScope's per-account, per-model limits require
 * (https://www.alibabacloud.com/help/en/model-studio/rate-limit).
 *
 * Per attempt: the model and texts are read from the JSON body (see `readRequestTokens`), tokens are
 * estimated, a permit for `input + max_tokens` is acquired (abortable by the request's signal), and the
 * permit is released with the outcome — success when the body has been read to the end (the reservation
 * is corrected with the `usage.total_tokens` found in the last 4 KiB of the body, which is where DashScope
 * writes `usage`, for JSON and SSE alike), `throttled` with the kind read from the 429 body's code
 * (`Throttling.RateQuota` → requests, `Throttling.AllocationQuota` → tokens, see `classifyThrottle`),
 * `error` for other failures, aborts and cancelled bodies. Requests without a JSON body with a `model`
 * (e.g. listing models) pass through unlimited.
 *
 * Caveat: the client's per-attempt `timeout` starts before fetch is called, so time spent waiting for a
 * permit counts against it; under a long queue raise `timeout`, or use `embedMany`'s `limiter` option,
 * which acquires before the attempt's timer starts.
 *
 * @example
 * const limiter = new RateLimiter({ limits: { 'qwen-plus': { rpm: 600, tpm: 1_000_000 } } });
 * const client = new DashScope({ fetch: createRateLimitedFetch({ limiter }) });
 *
 * @throws (the returned fetch rejects) the signal's reason when aborted while waiting for a permit, and
 *   whatever the wrapped fetch throws.
 */
export function createRateLimitedFetch(options: RateLimitedFetchOptions): typeof fetch {
  const { limiter } = options;
  const inner = options.fetch ?? ((input: Parameters<typeof fetch>[0], init?: RequestInit) => fetch(input, init));
  const estimate = options.estimateTokens ?? estimateQwenTokens;
  return async (input, init) => {
    const request = readRequestTokens(parseBody(init?.body), estimate);
    if (!request) return inner(input, init);
    const signal = init?.signal ?? undefined;
    const permit = await limiter.acquire({
      model: request.model,
      tokens: request.input_tokens + request.output_tokens,
      ...(signal ? { signal } : {}),
    });
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      permit.release({ outcome: 'error' });
      throw error;
    }
    if (response.status === 429) {
      await releaseThrottle(response, permit);
      return response;
    }
    if (!response.ok) {
      permit.release({ outcome: 'error' });
      return response;
    }
    if (!response.body) {
      permit.release({ outcome: 'success' });
      return response;
    }
    return releaseAtEnd(response, permit);
  };
}
