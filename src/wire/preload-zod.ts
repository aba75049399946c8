let loading: Promise<unknown> | undefined;

/**
 * Starts loading zod, once per process, without waiting for it; a failure is left for the wire module that
 * imports zod to report. The root entry does not import zod (issue 12: `import('dashscope-kit')` ≤ 50 ms
 * cold, zod alone is ~66 ms); the `DashScope` constructor calls this so the load runs while the caller gets
 * on with its work (a server's start-up, the first request's network wait) instead of on the first call's
 * critical path. The wire schema modules import zod themselves: this only moves when it happens.
 */
export function preloadZod(): void {
  loading ??= import('zod').catch(() => undefined);
}
