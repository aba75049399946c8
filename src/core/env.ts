/**
 * Reads an environment variable on any runtime: `process.env` on Node/Bun, `Deno.env` on Deno,
 * `undefined` in browsers and edge workers that have neither.
 *
 * @returns the trimmed value, or `undefined` when unset or empty.
 */
export function readEnv(name: string): string | undefined {
  const globals = globalThis as {
    process?: { env?: Record<string, string | undefined> };
    Deno?: { env?: { get?: (key: string) => string | undefined } };
  };
  let value: string | undefined;
  if (globals.process?.env) value = globals.process.env[name];
  else if (globals.Deno?.env?.get) {
    try {
      value = globals.Deno.env.get(name);
    } catch {
      value = undefined;
    }
  }
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}
