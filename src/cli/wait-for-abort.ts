/** Resolves when `signal` aborts (at once if it already has): how the long-running commands wait for Ctrl-C or SIGTERM. */
export function waitForAbort(signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}
