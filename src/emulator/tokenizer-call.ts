import { getModelInfo } from '../models/catalog.js';
import { TokenizerRequestSchema, type TokenizerResponse } from '../wire/tokenizer.js';
import { nativeChatTurn } from './chat-turn.js';
import type { CallInput, ParsedCall } from './parsed-call.js';
import { tokenStrings } from './token-strings.js';
import { lookupModel } from './lookup-model.js';
import { invalidBody, invalidParameter } from './wire-error.js';

/**
 * `POST /api/v1/tokenizer` (legacy, estimate-only; https://help.aliyun.com/zh/dashscope/developer-reference/token-api):
 * the Qwen token ids and token texts of the prompt, or of the messages' text joined by newlines (no
 * chat template, as the recorded `"代码改变世界"` → 3 tokens shows), and `usage.input_tokens`.
 *
 * @throws WireError 400 for an unknown model or a body with neither `prompt` nor `messages`.
 */
export async function tokenizerCall(input: CallInput): Promise<ParsedCall> {
  const model = lookupModel(input.body, getModelInfo);
  const parsed = TokenizerRequestSchema.safeParse(input.body);
  if (!parsed.success) throw invalidBody(parsed.error.issues);
  const { messages, prompt } = parsed.data.input;
  if (prompt === undefined && messages === undefined) {
    throw invalidParameter('Either "prompt" or "messages" must exist and cannot both be none');
  }
  const text = prompt ?? (messages ?? []).map((message) => nativeChatTurn(message).text).join('\n');
  const { ids, tokens } = await tokenStrings(text);
  return {
    endpoint: 'tokenizer',
    protocol: 'native',
    model: model.id,
    stream: false,
    inputTokens: ids.length,
    items: 0,
    async produce() {
      const body = {
        output: { token_ids: ids, tokens },
        usage: { input_tokens: ids.length },
        request_id: input.requestId,
      } satisfies TokenizerResponse;
      return { type: 'json', body, outputTokens: 0 };
    },
  };
}
