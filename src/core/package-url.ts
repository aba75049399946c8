/**
 * The URL of a file shipped in this package, such as `assets/qwen-ranks.bin` or `package.json`.
 *
 * The published `dist/` is bundled (entry files and shared chunks at different depths), so a
 * relative `new URL('../../assets/…', import.meta.url)` would depend on where the bundler placed the
 * calling code. This module's own URL ends in `/dist/<…>` when published and `/src/core/…` in a
 * checkout; the package root is what comes before that last segment. Works for `file:` URLs (Node,
 * Bun, Deno) and for a package served over HTTP (a browser or worker fetching beside the module).
 * Call it at first use, not at import: some bundled runtimes give modules no usable `import.meta.url`.
 *
 * @param path - a path relative to the package root, e.g. `'assets/serve-page.html'`.
 * @returns the absolute URL of that file (whether it exists is not checked).
 * Node-only callers (the CLI, `serve`) use it; code meant for browsers keeps a literal
 * `new URL('…', import.meta.url)`, which bundlers turn into an emitted asset.
 *
 * @throws Error when this module's URL is not a string or has no `/dist/` or `/src/` segment. When the
 *   user's own bundler inlines this package into its output (say `/app/dist/server.js`), the URL does
 *   have such a segment and resolves under the app instead, without an error: such apps must copy
 *   `assets/` (and `package.json`) beside their bundle's folder.
 */
export function packageUrl(path: string): URL {
  const here: unknown = import.meta.url;
  const cut = typeof here === 'string' ? Math.max(here.lastIndexOf('/dist/'), here.lastIndexOf('/src/')) : -1;
  if (typeof here !== 'string' || cut < 0) throw new Error(`Cannot locate the dashscope-kit package (for ${path}) from this module's URL ${String(here)}`);
  return new URL(path, here.slice(0, cut + 1));
}
