import { hashTerm } from '../hash-term.js';
import { tokenStrings } from '../token-strings.js';

/** An alternative at one position, in the wire shape of `choices[i].logprobs.content[j].top_logprobs`. */
export type EmulatedTopLogprob = {
  token: string;
  /** Natural log, < 0 for alternatives. */
  logprob: number;
  bytes: number[];
};

/** One answer token with its log probability and alternatives (the chosen token first, as the service sends). */
export type EmulatedTokenLogprob = EmulatedTopLogprob & { top_logprobs: EmulatedTopLogprob[] };

/** Tokens offered as alternatives when the answer itself has too few distinct ones. */
const FALLBACK_TOKENS = [' the', '.', ',', ' and', ' of', ' a'];
const encoder = new TextEncoder();

function rounded(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function entry(token: string, logprob: number): EmulatedTopLogprob {
  return { token, logprob: rounded(logprob), bytes: [...encoder.encode(token)] };
}

/**
 * Deterministic log probabilities for the emulator's answer tokens, one list per streamed piece of
 * text (pass the content deltas in order; non-streaming answers pass one text). Each token (Qwen
 * tokenizer, {@link tokenStrings}) gets a probability in [0.5, 1) drawn from a hash of its text and
 * position; with `top` > 0 its `top_logprobs` hold the token itself first, then `top − 1`
 * alternatives taken from the answer's other tokens, each with half the remaining mass of the one
 * before, so the probabilities at a position are strictly decreasing and sum to less than 1.
 * The same answer gives the same numbers every time.
 *
 * @param texts the answer text as it is split across events.
 * @param top alternatives per token, 0–5 (`top_logprobs`).
 */
export async function tokenLogprobs(texts: readonly string[], top: number): Promise<EmulatedTokenLogprob[][]> {
  const perText = await Promise.all(texts.map(async (text) => (await tokenStrings(text)).tokens.filter((token) => token !== '')));
  const vocabulary = [...new Set([...perText.flat(), ...FALLBACK_TOKENS])];
  let position = 0;
  return perText.map((tokens) =>
    tokens.map((token) => {
      const hash = hashTerm(`${position++}\u0000${token}`);
      const chosen = 0.5 + (hash / 2 ** 32) * 0.5;
      const others = vocabulary.filter((candidate) => candidate !== token);
      const alternatives: EmulatedTopLogprob[] = [];
      let remaining = 1 - chosen;
      for (let rank = 0; rank < top - 1 && others.length > 0; rank++) {
        const [alternative] = others.splice((hash >>> (rank * 5)) % others.length, 1);
        remaining /= 2;
        alternatives.push(entry(alternative ?? '', Math.log(remaining)));
      }
      const self = entry(token, Math.log(chosen));
      return { ...self, top_logprobs: top > 0 ? [{ ...self }, ...alternatives] : [] };
    }),
  );
}
