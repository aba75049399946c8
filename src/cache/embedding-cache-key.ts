import { EmbeddingCacheError, InvalidEmbeddingInputError } from './errors.js';

/**
 * Every request parameter that changes the vector DashScope returns for a text, using the native
 * text-embedding field names (`parameters.*` of `POST /api/v1/services/embeddings/text-embedding/text-embedding`).
 * Two requests with equal fingerprints and equal text get the same vector; anything else must
 * miss. All fields are required (no server defaults are assumed) except `instruct`.
 *
 * @see https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api
 */
export interface EmbeddingFingerprint {
  /** Model name, e.g. `text-embedding-v4`. */
  model: string;
  /**
   * Output dimension in components: 64–2048 for v3/v4 (server default 1024), 1536 for v1/v2
   * (fixed, pass 1536).
   */
  dimension: number;
  /** `'query'` or `'document'` (server default `'document'`). */
  text_type: 'query' | 'document';
  /** `'dense'`, `'sparse'` or `'dense&sparse'` (server default `'dense'`; sparse is v3/v4 only). */
  output_type: 'dense' | 'sparse' | 'dense&sparse';
  /** v4 task instruction (only effective with `text_type: 'query'`); absent ≠ empty string. */
  instruct?: string;
}

const TEXT_TYPES: ReadonlySet<string> = new Set(['query', 'document']);
const OUTPUT_TYPES: ReadonlySet<string> = new Set(['dense', 'sparse', 'dense&sparse']);
const MAX_MODEL_LENGTH = 128;
const MAX_DIMENSION = 65_536;
const LONE_SURROGATE = /\p{Cs}/u;
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

/**
 * Checks a fingerprint's shape at run time (for callers without TypeScript).
 *
 * @throws {InvalidEmbeddingInputError} on an empty or over-long model name (> 128 chars), a
 *   dimension that is not an integer in 1–65,536, an unknown `text_type`/`output_type`, or a
 *   non-string `instruct`.
 */
export function assertEmbeddingFingerprint(fingerprint: EmbeddingFingerprint): void {
  if (typeof fingerprint !== 'object' || fingerprint === null) {
    throw new InvalidEmbeddingInputError('fingerprint must be an object');
  }
  const { model, dimension, text_type, output_type, instruct } = fingerprint;
  if (typeof model !== 'string' || model.trim() === '' || model.length > MAX_MODEL_LENGTH) {
    throw new InvalidEmbeddingInputError(`fingerprint.model must be a non-empty string of at most ${MAX_MODEL_LENGTH} characters`);
  }
  if (!Number.isInteger(dimension) || dimension < 1 || dimension > MAX_DIMENSION) {
    throw new InvalidEmbeddingInputError(`fingerprint.dimension must be an integer in 1..${MAX_DIMENSION}, got ${String(dimension)}`);
  }
  if (!TEXT_TYPES.has(text_type)) {
    throw new InvalidEmbeddingInputError(`fingerprint.text_type must be 'query' or 'document', got ${JSON.stringify(text_type)}`);
  }
  if (!OUTPUT_TYPES.has(output_type)) {
    throw new InvalidEmbeddingInputError(
      `fingerprint.output_type must be 'dense', 'sparse' or 'dense&sparse', got ${JSON.stringify(output_type)}`,
    );
  }
  if (instruct !== undefined && typeof instruct !== 'string') {
    throw new InvalidEmbeddingInputError('fingerprint.instruct must be a string when given');
  }
}

function subtleCrypto(): SubtleCrypto {
  const subtle = globalThis.crypto?.subtle;
  if (!subtle) throw new EmbeddingCacheError('Web Crypto (globalThis.crypto.subtle) is not available in this runtime');
  return subtle;
}

function toHex(buffer: ArrayBuffer): string {
  const bytes = new Uint8Array(buffer);
  let out = '';
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!];
  return out;
}

const encoder = new TextEncoder();

/**
 * SHA-256 of a string, tagged by how it was serialised: `t<hex>` over the UTF-8 bytes (every
 * well-formed string), `u<hex>` over UTF-16LE code units for strings holding lone surrogates,
 * which UTF-8 cannot represent (TextEncoder would map distinct ones to U+FFFD and collide).
 */
async function hashString(value: string): Promise<string> {
  if (!LONE_SURROGATE.test(value)) {
    return `t${toHex(await subtleCrypto().digest('SHA-256', encoder.encode(value)))}`;
  }
  const units = new Uint8Array(value.length * 2);
  const view = new DataView(units.buffer);
  for (let i = 0; i < value.length; i++) view.setUint16(i * 2, value.charCodeAt(i), true);
  return `u${toHex(await subtleCrypto().digest('SHA-256', units))}`;
}

function fingerprintPrefix(fingerprint: EmbeddingFingerprint, instructHash: string | undefined): string {
  return [
    'dse1',
    encodeURIComponent(fingerprint.model),
    String(fingerprint.dimension),
    fingerprint.text_type,
    encodeURIComponent(fingerprint.output_type),
    instructHash === undefined ? '-' : `i${instructHash}`,
  ].join('/');
}

/**
 * Builds the cache key of one text:
 * `dse1/<model>/<dimension>/<text_type>/<output_type>/<instruct>/<text>` where `<model>` and
 * `<output_type>` are URI-encoded, `<instruct>` is `-` when absent or `i` + the SHA-256 of the
 * instruction (hashed so keys stay under LMDB's 1,978-byte key limit), and `<text>` is the
 * SHA-256 of the text (`t<64 hex>` over UTF-8; `u<64 hex>` over UTF-16 code units if the text
 * holds lone surrogates). Example:
 * `dse1/text-embedding-v4/1024/query/dense/-/t5f1c…`.
 *
 * Nothing else goes into the key: never the API key, workspace, region or any credential-derived
 * value, so caches are shareable across keys and never leak them. Uses Web Crypto
 * (`globalThis.crypto.subtle`, built into Node ≥ 20, browsers, Deno, Bun, edge runtimes):
 * ≈ 13,000–15,000 keys/s for ~1 KB texts on a busy 2-core VM, negligible next to a network call
 * (Node's synchronous `createHash` would be ~4× faster but is Node-only).
 *
 * @param fingerprint the request parameters (see {@link EmbeddingFingerprint}).
 * @param text the exact text sent to the API (no normalisation is applied).
 * @returns the key: ASCII, typically ~170 characters, at most ~1,300.
 * @throws {InvalidEmbeddingInputError} on a malformed fingerprint or a non-string text.
 * @throws {EmbeddingCacheError} when the runtime has no Web Crypto.
 */
export async function buildEmbeddingCacheKey(fingerprint: EmbeddingFingerprint, text: string): Promise<string> {
  const [key] = await buildEmbeddingCacheKeys(fingerprint, [text]);
  return key!;
}

/**
 * Builds the keys of many texts sharing one fingerprint (same format as
 * {@link buildEmbeddingCacheKey}; the instruction is hashed once).
 *
 * @returns keys in input order.
 * @throws {InvalidEmbeddingInputError} on a malformed fingerprint or a non-string text.
 * @throws {EmbeddingCacheError} when the runtime has no Web Crypto.
 */
export async function buildEmbeddingCacheKeys(
  fingerprint: EmbeddingFingerprint,
  texts: readonly string[],
): Promise<string[]> {
  assertEmbeddingFingerprint(fingerprint);
  if (!Array.isArray(texts)) throw new InvalidEmbeddingInputError('texts must be an array of strings');
  texts.forEach((text, i) => {
    if (typeof text !== 'string') throw new InvalidEmbeddingInputError(`texts[${i}] must be a string`);
  });
  const instructHash = fingerprint.instruct === undefined ? undefined : await hashString(fingerprint.instruct);
  const prefix = fingerprintPrefix(fingerprint, instructHash);
  const hashes = await Promise.all(texts.map(hashString));
  return hashes.map((hash) => `${prefix}/${hash}`);
}
