/**
 * A small, fast seeded pseudo-random generator (mulberry32). The same seed always yields the same
 * sequence in any runtime, which is what makes the emulator's fault and latency schedules replayable.
 *
 * @param seed any integer; only the low 32 bits are used.
 * @returns a function returning numbers in [0, 1).
 */
export function createSeededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

/** A fresh random 31-bit seed from `crypto.getRandomValues`, for runs that do not choose one. */
export function randomSeed(): number {
  return crypto.getRandomValues(new Uint32Array(1))[0]! >>> 1;
}
