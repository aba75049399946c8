import type { WireChatLogprobs } from '../../wire/chat-logprobs.js';

/** An alternative token at one position. `logprob` is a natural log (≤ 0); `null` when too small to report. */
export interface ChatTopLogprob {
  token: string;
  logprob: number | null;
  /** UTF-8 bytes of `token`; `null` when not sent. */
  bytes: number[] | null;
}

/** One generated token: its log probability and up to `top_logprobs` alternatives (the chosen token included). */
export interface ChatTokenLogprob extends ChatTopLogprob {
  top_logprobs: ChatTopLogprob[];
}

/**
 * `choices[i].logprobs` when the call set `logprobs: true`: one entry per answer token, in order
 * (reasoning tokens are not included). DashScope and OpenAI shape on both protocols.
 * Docs: https://www.alibabacloud.com/help/en/model-studio/use-qwen-by-calling-api (`logprobs`, `top_logprobs`).
 */
export interface ChatLogprobs {
  content: ChatTokenLogprob[];
}

/** Maps a wire `logprobs` object to {@link ChatLogprobs}; `undefined` for `null` or an absent field. */
export function toChatLogprobs(wire: WireChatLogprobs | null | undefined): ChatLogprobs | undefined {
  if (!wire) return undefined;
  return {
    content: (wire.content ?? []).map((entry) => ({
      token: entry.token,
      logprob: entry.logprob ?? null,
      bytes: entry.bytes ?? null,
      top_logprobs: (entry.top_logprobs ?? []).map((top) => ({ token: top.token, logprob: top.logprob ?? null, bytes: top.bytes ?? null })),
    })),
  };
}
