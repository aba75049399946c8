import type { z } from 'zod';
import { countTokensCached } from './count-tokens-cached.js';
import type { ChatModelInfo } from '../models/model-info.js';
import { thinksFor } from '../models/thinks-for.js';
import type { ResponseFormatSchema, Tool, ToolChoiceSchema } from '../wire/chat-native.js';
import type { ChatTurn } from './chat-turn.js';
import { groundedAnswer } from './grounded-answer.js';
import { limitAnswer, type AnswerLimits, type LimitedAnswer } from './limit-answer.js';
import { invalidParameter } from './wire-error.js';

/**
 * Tokens the emulator charges per image or video in a chat message. The service derives them from
 * the pixels (the recorded qwen-vl-plus call charged 3,577 for one high-resolution image); the
 * emulator never downloads media, so it charges this fixed amount.
 */
export const CHAT_MEDIA_TOKENS = 1_024;

/** What both chat protocols ask for, after their own envelope is unwrapped. */
export interface ChatAsk {
  model: ChatModelInfo;
  turns: ChatTurn[];
  stream: boolean;
  enableThinking: boolean | undefined;
  tools: readonly Tool[] | undefined;
  toolChoice: z.infer<typeof ToolChoiceSchema> | undefined;
  responseFormat: z.infer<typeof ResponseFormatSchema> | undefined;
  seed: number | undefined;
  limits: AnswerLimits;
}

/** A validated chat request: input usage, whether it thinks, and the computation of its answer. */
export interface PreparedChat {
  inputTokens: number;
  /** Media tokens included in `inputTokens` (reported as `image_tokens` by multimodal models). */
  mediaTokens: number;
  thinking: boolean;
  answer(): Promise<LimitedAnswer>;
}

/**
 * Checks a chat request against the model catalog as DashScope does
 * (https://www.alibabacloud.com/help/en/model-studio/error-code): stream-only models refuse plain calls
 * ("This model only support stream mode, please enable the stream parameter to access the model."),
 * models with `thinkingRequiresStream` refuse thinking without streaming ("parameter.enable_thinking
 * must be set to false for non-streaming calls"), text models refuse images, `json_object` needs the
 * word "json" in the messages. Thinking is on for `always` models, for `hybrid` models with
 * `enable_thinking: true`, and for `thinksByDefault` models unless `enable_thinking: false` (see {@link thinksFor}). Input tokens are the Qwen token counts of the messages' text (no chat
 * template) plus {@link CHAT_MEDIA_TOKENS} per image or video.
 *
 * @throws WireError 400 `InvalidParameter` for any of the above.
 */
export async function prepareChat(ask: ChatAsk): Promise<PreparedChat> {
  const { model, turns } = ask;
  if (model.streamOnly && !ask.stream) {
    throw invalidParameter('This model only support stream mode, please enable the stream parameter to access the model.');
  }
  const thinking = thinksFor(model, ask.enableThinking);
  if (thinking && model.thinkingRequiresStream && !ask.stream) {
    throw invalidParameter('parameter.enable_thinking must be set to false for non-streaming calls');
  }
  const media = turns.reduce((sum, turn) => sum + turn.media.length, 0);
  if (media > 0 && !model.vision) throw invalidParameter('input content must be a string');
  if (ask.responseFormat?.type === 'json_object' && !turns.some((turn) => /json/i.test(turn.text))) {
    throw invalidParameter("'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'.");
  }
  const counts = await countTokensCached(turns.map((turn) => turn.text));
  const mediaTokens = media * CHAT_MEDIA_TOKENS;
  return {
    inputTokens: counts.reduce((sum, count) => sum + count, 0) + mediaTokens,
    mediaTokens,
    thinking,
    answer: () =>
      limitAnswer(
        groundedAnswer({
          turns,
          tools: ask.tools,
          toolChoice: ask.toolChoice,
          responseFormat: ask.responseFormat,
          thinking,
          seed: ask.seed,
        }),
        ask.limits,
      ),
  };
}
