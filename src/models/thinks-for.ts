import type { ChatModelInfo } from './model-info.js';

/**
 * Whether a chat model reasons on a call: always for `thinking: 'always'`; for `hybrid` models when
 * `enable_thinking` is `true`, or when it is not sent and the model `thinksByDefault` (the Qwen3.5+ lines,
 * the open-source Qwen3 models); never for `none`.
 * Source: https://help.aliyun.com/en/model-studio/deep-thinking
 *
 * @param model the catalog entry.
 * @param enableThinking the call's `enable_thinking`, `undefined` when not sent.
 */
export function thinksFor(model: Pick<ChatModelInfo, 'thinking' | 'thinksByDefault'>, enableThinking: boolean | undefined): boolean {
  if (model.thinking === 'always') return true;
  if (model.thinking === 'none') return false;
  return enableThinking ?? model.thinksByDefault === true;
}
