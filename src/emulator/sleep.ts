/**
 * Resolves after `ms` milliseconds, or rejects with the signal's reason as soon as `signal` aborts
 * (its timer is then cleared, so an abandoned stall never keeps a process alive). `ms <= 0` resolves
 * on the next microtask. Unlike the client's `sleep` in `core/abort.ts`, which turns an abort into
 * `APIUserAbortError`, this one passes the abort reason through untouched, so the in-process `fetch`
 * rejects with `signal.reason` exactly as a real `fetch` does.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(signal.reason);
  if (ms <= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
