/**
 * 32-bit FNV-1a hash of a string's UTF-16 code units, followed by a murmur3-style finaliser so that
 * both the low bits (bucket) and the high bit (sign) are well mixed. Stable across runtimes and
 * versions: the emulator's deterministic vectors depend on it never changing.
 *
 * @returns an unsigned 32-bit integer.
 */
export function hashTerm(term: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < term.length; index++) {
    hash ^= term.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  hash ^= hash >>> 16;
  hash = Math.imul(hash, 0x85ebca6b);
  hash ^= hash >>> 13;
  hash = Math.imul(hash, 0xc2b2ae35);
  hash ^= hash >>> 16;
  return hash >>> 0;
}
