import { InputValidationError } from '../../core/errors.js';
import type { RerankModelInfo } from '../../models/model-info.js';
import { tokenUpperBound } from '../../tokenizer/may-exceed-tokens.js';
import { countTokensLazily } from '../count-tokens-lazily.js';
import type { RerankCreateParams } from './rerank-types.js';

function textOf(item: RerankCreateParams['query']): string | undefined {
  if (typeof item === 'string') return item;
  return 'text' in item ? item.text : undefined;
}

/**
 * Refuses a rerank request over the model's token budget, as DashScope computes it:
 * `query_tokens × documents + Σ document_tokens`, each item counted up to the model's per-item limit
 * (longer items are truncated by the service, not refused). 120,000 tokens for qwen3-rerank and
 * qwen3-vl-rerank, 30,000 for gte-rerank-v2: https://www.alibabacloud.com/help/en/model-studio/text-rerank-api
 *
 * Cheap first: with every item bounded by its UTF-8 length the request is usually far under the budget;
 * only when that bound exceeds it are the texts counted exactly (Qwen tokenizer, loaded on first need;
 * without a loadable tokenizer the server decides). Image and video items count 0 here.
 *
 * @param params already checked by `validateRerankParams`.
 * @param model the catalog entry (unknown models have no local budget).
 * @throws InputValidationError (`param: 'documents'`, `value`: the request's tokens, `limit`: the budget).
 */
export async function checkRerankTokens(params: RerankCreateParams, model: RerankModelInfo | undefined): Promise<void> {
  if (!model) return;
  const perItem = model.maxTokensPerItem;
  const budget = model.maxTokensPerRequest;
  const texts = [params.query, ...params.documents].map(textOf);
  const total = (weights: number[]) => {
    const [query = 0, ...documents] = weights;
    return documents.reduce((sum, weight) => sum + query + weight, 0);
  };
  const upper = total(texts.map((text) => (text === undefined ? 0 : Math.min(perItem, tokenUpperBound(text)))));
  if (upper <= budget) return;
  const counted = texts.filter((text): text is string => text !== undefined);
  const counts = await countTokensLazily(counted);
  if (!counts) return;
  let next = 0;
  const tokens = total(texts.map((text) => (text === undefined ? 0 : Math.min(perItem, counts[next++]!))));
  if (tokens <= budget) return;
  throw new InputValidationError(
    `This rerank request is ${tokens} tokens (query × ${params.documents.length} documents + documents); ${model.id} accepts at most ${budget}. ` +
      'Send fewer or shorter documents, or use rerankMany from dashscope-kit/production.',
    'documents',
    { value: tokens, limit: budget },
  );
}
