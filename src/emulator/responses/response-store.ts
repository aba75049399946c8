import type { ChatTurn } from '../chat-turn.js';

/** The newest responses kept for `previous_response_id`; older ones are forgotten first. */
export const STORED_RESPONSES_CAP = 1_000;

/**
 * The emulator's stored responses: for each response id, the whole conversation up to and including its
 * answer, so a call naming it as `previous_response_id` continues from there. Bounded: inserting past
 * {@link STORED_RESPONSES_CAP} drops the oldest entry (a `Map` keeps insertion order).
 */
export class ResponseStore {
  readonly #turns = new Map<string, readonly ChatTurn[]>();
  readonly #cap: number;

  constructor(cap = STORED_RESPONSES_CAP) {
    this.#cap = cap;
  }

  /** The conversation a response ended, or `undefined` for an unknown or forgotten id. */
  get(id: string): readonly ChatTurn[] | undefined {
    return this.#turns.get(id);
  }

  /** Keeps a response's conversation, dropping the oldest beyond the cap. */
  set(id: string, turns: readonly ChatTurn[]): void {
    this.#turns.set(id, turns);
    while (this.#turns.size > this.#cap) {
      const oldest = this.#turns.keys().next().value;
      if (oldest === undefined) break;
      this.#turns.delete(oldest);
    }
  }
}
