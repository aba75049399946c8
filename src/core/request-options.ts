/**
 * Per-call transport options: the second argument of every resource method. Params never go here.
 */
export interface RequestOptions {
  /** Cancels the call (and any retry wait or open stream). Rejects with `APIUserAbortError`. */
  signal?: AbortSignal | undefined;
  /** Per-attempt timeout in ms, covering headers and (non-streaming) body. Overrides the client's. */
  timeout?: number | undefined;
  /**
   * Streams only: ms without an event (counted from the response headers; `: keep-alive` comments do
   * not count) before the stream ends with `StreamIdleTimeoutError`. Overrides the client's.
   */
  streamIdleTimeout?: number | undefined;
  /** Streams only: overall deadline of the call in ms, from its first attempt; `StreamTimeoutError` after it. Overrides the client's. */
  streamTimeout?: number | undefined;
  /** Retries after the first attempt. Overrides the client's (default 2). */
  maxRetries?: number | undefined;
  /** Extra request headers for this call. */
  headers?: Record<string, string> | undefined;
}
