import type { TokenPiece } from './limit-answer.js';

/**
 * Groups streamed pieces into the deltas of successive events: whole pieces, about `tokensPerEvent`
 * tokens each (a longer piece travels alone), in order. Joining the deltas gives back the text.
 */
export function groupPieces(pieces: readonly TokenPiece[], tokensPerEvent = 4): TokenPiece[] {
  const groups: TokenPiece[] = [];
  let current: TokenPiece | undefined;
  for (const piece of pieces) {
    if (current && current.tokens + piece.tokens <= tokensPerEvent) {
      current.text += piece.text;
      current.tokens += piece.tokens;
      continue;
    }
    current = { ...piece };
    groups.push(current);
  }
  return groups;
}
