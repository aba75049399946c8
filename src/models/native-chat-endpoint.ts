import { getChatModel } from './catalog.js';
import type { ChatModelInfo } from './model-info.js';

/** Native chat endpoint family: `/api/v1/services/aigc/{family}/generation`. */
export type NativeChatEndpoint = ChatModelInfo['nativeEndpoint'];

const VERSIONED = /^qwen(\d+)(?:\.(\d+))?-/i;
const VISION = /(?:^|-)vl(?:-|$)/i;

/**
 * The native endpoint a chat model is served on: the catalog's entry for known models; otherwise the
 * documented name rule — the Qwen3.5 and later lines (`qwen3.5-plus`, `qwen3.7-flash`, `qwen3.8-max`, `qwen4-…`)
 * and vision models (`qwen-vl-max`, `qwen3-vl-plus`, `qwen2.5-vl-72b-instruct`) are on multimodal-generation
 * (sent to text-generation they get 400 "url error, please check url!").
 * Source: https://help.aliyun.com/en/model-studio/qwen-api-via-dashscope (Mar 2026).
 *
 * @param model a model id.
 * @returns the family, or `undefined` when the catalog does not know the model and no rule applies
 *   (the request's media parts then decide).
 */
export function nativeChatEndpoint(model: string): NativeChatEndpoint | undefined {
  const known = getChatModel(model);
  if (known) return known.nativeEndpoint;
  if (VISION.test(model)) return 'multimodal-generation';
  const version = VERSIONED.exec(model);
  if (!version) return undefined;
  const major = Number(version[1]);
  const minor = Number(version[2] ?? 0);
  return major > 3 || (major === 3 && minor >= 5) ? 'multimodal-generation' : undefined;
}
