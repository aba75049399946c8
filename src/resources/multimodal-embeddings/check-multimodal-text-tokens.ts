import { InputValidationError } from '../../core/errors.js';
import type { MultimodalEmbeddingModelInfo } from '../../models/model-info.js';
import { mayExceedTokens } from '../../tokenizer/may-exceed-tokens.js';
import type { MultimodalContent } from '../../wire/multimodal-embeddings.js';
import { countTokensLazily } from '../count-tokens-lazily.js';

/**
 * Refuses a text element over the model's per-text token limit (qwen3-vl-embedding 32,000;
 * tongyi-embedding-vision-* 1,024; multimodal-embedding-v1 512). Cheap first: a text whose UTF-8 length
 * is within the limit cannot exceed it; only longer ones are counted exactly with the Qwen tokenizer
 * (loaded on first need). Without a loadable tokenizer the server decides.
 * Limits: https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference
 *
 * @param contents the checked `input.contents`.
 * @param model the catalog entry (unknown models have no local limit).
 * @throws InputValidationError (`param: 'input.contents[i].text'`, `value`: its tokens, `limit`: the model's).
 */
export async function checkMultimodalTextTokens(contents: readonly MultimodalContent[], model: MultimodalEmbeddingModelInfo | undefined): Promise<void> {
  if (!model) return;
  const limit = model.maxTextTokens;
  const suspects = contents.flatMap((content, index) => ('text' in content && mayExceedTokens(content.text, limit) ? [index] : []));
  if (suspects.length === 0) return;
  const counts = await countTokensLazily(suspects.map((index) => (contents[index] as { text: string }).text));
  if (!counts) return;
  const over = counts.findIndex((count) => count > limit);
  if (over < 0) return;
  const index = suspects[over]!;
  throw new InputValidationError(
    `input.contents[${index}].text has ${counts[over]} tokens; ${model.id} accepts at most ${limit} per text.`,
    `input.contents[${index}].text`,
    { value: counts[over], limit },
  );
}
