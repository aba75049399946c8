import { countTokens, encodeTokens, truncateToTokens } from '../tokenizer/index.js';
import { countTokensCached } from './count-tokens-cached.js';
import type { GroundedAnswer, GroundedToolCall } from './grounded-answer.js';
import { qwenPretokens } from './qwen-pretokens.js';

/** A piece of generated text and its exact Qwen token count; streams send whole pieces. */
export interface TokenPiece {
  text: string;
  tokens: number;
}

/** Generation limits from the request (`parameters` natively, top level in compatible mode). */
export interface AnswerLimits {
  /** Tokens of the answer (not the reasoning); deprecated but still sent. */
  maxTokens?: number | undefined;
  /** Tokens of reasoning plus answer. */
  maxCompletionTokens?: number | undefined;
  /** Tokens of reasoning. */
  thinkingBudget?: number | undefined;
  /** Stop strings or token-id sequences; generation ends before the first match. */
  stop?: string | string[] | number[] | number[][] | undefined;
}

/** An answer cut to its limits, as pieces ready to be streamed, with usage. */
export interface LimitedAnswer {
  reasoning: TokenPiece[];
  content: TokenPiece[];
  toolCalls: GroundedToolCall[];
  finishReason: 'stop' | 'length' | 'tool_calls';
  reasoningTokens: number;
  /** Reasoning, answer and tool-call tokens. */
  outputTokens: number;
}

async function piecesOf(text: string): Promise<TokenPiece[]> {
  const texts = qwenPretokens(text);
  const counts = await countTokensCached(texts);
  return texts.map((piece, index) => ({ text: piece, tokens: counts[index] ?? 0 }));
}

function total(pieces: readonly TokenPiece[]): number {
  return pieces.reduce((sum, piece) => sum + piece.tokens, 0);
}

async function cut(pieces: readonly TokenPiece[], limit: number): Promise<{ pieces: TokenPiece[]; cut: boolean }> {
  const kept: TokenPiece[] = [];
  let used = 0;
  for (const piece of pieces) {
    if (used + piece.tokens <= limit) {
      kept.push(piece);
      used += piece.tokens;
      continue;
    }
    const room = limit - used;
    if (room > 0) {
      const truncated = await truncateToTokens(piece.text, room);
      if (truncated.tokens > 0) kept.push({ text: truncated.text, tokens: truncated.tokens });
    }
    return { pieces: kept, cut: true };
  }
  return { pieces: kept, cut: false };
}

async function stopAt(pieces: TokenPiece[], stop: AnswerLimits['stop']): Promise<TokenPiece[]> {
  if (stop === undefined || (Array.isArray(stop) && stop.length === 0)) return pieces;
  const list: (string | number[])[] = typeof stop === 'string' ? [stop] : typeof stop[0] === 'number' ? [stop as number[]] : (stop as (string | number[])[]);
  const strings = list.filter((entry): entry is string => typeof entry === 'string' && entry !== '');
  const text = pieces.map((piece) => piece.text).join('');
  const firstString = Math.min(...strings.map((entry) => text.indexOf(entry)).filter((index) => index >= 0));
  let kept = Number.isFinite(firstString) ? await piecesOf(text.slice(0, firstString)) : pieces;
  const sequences = list.filter((entry): entry is number[] => Array.isArray(entry) && entry.length > 0);
  if (sequences.length === 0) return kept;
  const ids = (await Promise.all(kept.map((piece) => encodeTokens(piece.text)))).flat();
  let limit = Infinity;
  for (const sequence of sequences) {
    for (let start = 0; start + sequence.length <= ids.length && start < limit; start++) {
      if (sequence.every((id, offset) => ids[start + offset] === id)) {
        limit = start;
        break;
      }
    }
  }
  if (Number.isFinite(limit)) kept = (await cut(kept, limit)).pieces;
  return kept;
}

/**
 * Applies a request's generation limits to a {@link GroundedAnswer}, counting with the Qwen
 * tokenizer piece by piece (https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api):
 * `thinking_budget` and `max_completion_tokens` cut the reasoning; `stop` ends the answer before the
 * first stop string or token-id sequence (`finish_reason` `stop`); `max_tokens` and what is left of
 * `max_completion_tokens` cut the answer (`finish_reason` `length`). A tool call ends with `tool_calls`.
 */
export async function limitAnswer(answer: GroundedAnswer, limits: AnswerLimits): Promise<LimitedAnswer> {
  let reasoning = await piecesOf(answer.reasoning);
  const reasoningCap = Math.min(limits.thinkingBudget ?? Infinity, limits.maxCompletionTokens ?? Infinity);
  if (total(reasoning) > reasoningCap) reasoning = (await cut(reasoning, reasoningCap)).pieces;
  const reasoningTokens = total(reasoning);
  let content = await stopAt(await piecesOf(answer.content), limits.stop);
  const contentCap = Math.min(limits.maxTokens ?? Infinity, (limits.maxCompletionTokens ?? Infinity) - reasoningTokens);
  let finishReason: LimitedAnswer['finishReason'] = answer.toolCalls.length > 0 ? 'tool_calls' : 'stop';
  if (total(content) > contentCap) {
    content = (await cut(content, Math.max(0, contentCap))).pieces;
    finishReason = 'length';
  }
  let toolTokens = 0;
  for (const call of answer.toolCalls) toolTokens += await countTokens(`${call.name}${call.arguments}`);
  return {
    reasoning,
    content,
    toolCalls: answer.toolCalls,
    finishReason,
    reasoningTokens,
    outputTokens: reasoningTokens + total(content) + toolTokens,
  };
}
