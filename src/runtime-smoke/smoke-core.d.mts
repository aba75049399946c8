/** Runs the core smoke against the emulator at `baseURL` and returns its JSON-able report (see smoke-core.mjs). */
export function smoke(baseURL: string): Promise<Record<string, unknown>>;
