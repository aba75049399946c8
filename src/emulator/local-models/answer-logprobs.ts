import { groupPieces } from '../group-pieces.js';
import type { LimitedAnswer } from '../limit-answer.js';
import { tokenLogprobs, type EmulatedTokenLogprob } from './token-logprobs.js';

/**
 * The log probabilities of an answer's content when the request set `logprobs: true`, one list per
 * content delta as the streams cut them (`groupPieces`), so streamed and non-streamed calls report
 * the same tokens; `top_logprobs` (default 0) alternatives each. `undefined` when not asked for.
 */
export async function answerLogprobs(
  answer: LimitedAnswer,
  request: { logprobs?: boolean | undefined; top_logprobs?: number | undefined },
): Promise<EmulatedTokenLogprob[][] | undefined> {
  if (request.logprobs !== true) return undefined;
  return tokenLogprobs(
    groupPieces(answer.content).map((group) => group.text),
    request.top_logprobs ?? 0,
  );
}
