import { CONTEXT_CACHE } from '../../models/context-cache-limits.js';
import { countTokensCached } from '../count-tokens-cached.js';

/** Prefixes the emulator remembers at most; the oldest is dropped first. */
export const EXPLICIT_CACHE_CAP = 10_000;

/** What the cache did for one request, in tokens: wrote the marked prefix, or read it. */
export type CacheOutcome = { kind: 'created'; tokens: number } | { kind: 'hit'; tokens: number };

/**
 * The emulator's explicit context cache (https://www.alibabacloud.com/help/en/model-studio/context-cache):
 * a request's prefix up to its last `cache_control: {type: 'ephemeral'}` marker, keyed by model, is
 * created on first sight and hit by a later request with the same prefix while it lives; it lives
 * 5 minutes and every hit renews it. Prefixes under 1,024 tokens are not cached. Bounded by
 * {@link EXPLICIT_CACHE_CAP} entries. Time is the emulator clock's epoch ms, passed in.
 */
export class ExplicitCache {
  readonly #expiresAt = new Map<string, number>();

  /**
   * Looks up (and creates or renews) the prefix `texts` (the text of every block up to the last marker)
   * for `model` at `now`.
   * @returns `undefined` when the prefix is under the minimum; otherwise what the cache did.
   */
  async use(model: string, texts: readonly string[], now: number): Promise<CacheOutcome | undefined> {
    const tokens = (await countTokensCached(texts)).reduce((sum, count) => sum + count, 0);
    if (tokens < CONTEXT_CACHE.explicitMinTokens) return undefined;
    const key = `${model}\u0000${JSON.stringify(texts)}`;
    const expiresAt = this.#expiresAt.get(key);
    this.#expiresAt.delete(key);
    this.#expiresAt.set(key, now + CONTEXT_CACHE.explicitTtlMs);
    while (this.#expiresAt.size > EXPLICIT_CACHE_CAP) {
      const oldest = this.#expiresAt.keys().next().value;
      if (oldest === undefined) break;
      this.#expiresAt.delete(oldest);
    }
    return expiresAt !== undefined && expiresAt > now ? { kind: 'hit', tokens } : { kind: 'created', tokens };
  }
}
