import { InputValidationError } from '../core/errors.js';
import { getRerankModel } from '../models/catalog.js';
import type { Region } from '../models/regions.js';
import { countChatTokens, type ChatMessageForCount } from '../tokenizer/count-chat-tokens.js';
import { countTokens, countTokensBatch } from '../tokenizer/count-tokens.js';
import { tokenCountAccuracy, type TokenCountAccuracy } from '../tokenizer/token-count-accuracy.js';
import { estimateCost, type CostEstimate } from './estimate-cost.js';

/** An embedding request to price: `input` as in `client.embeddings.create`, any number of texts. */
export interface EmbeddingCostInput {
  model: string;
  input: string | readonly string[];
}

/** A rerank request to price: text query and any number of text documents. */
export interface RerankCostInput {
  model: string;
  query: string;
  documents: readonly string[];
}

/** A chat request to price: messages as sent; `max_tokens` bounds the output. */
export interface ChatCostInput {
  model: string;
  messages: ReadonlyArray<ChatMessageForCount>;
  max_tokens?: number | undefined;
}

/** Options of {@link estimateRequestCost}. */
export interface RequestCostOptions {
  region: Region | (string & {});
  /** Chat only: expected output tokens. Default: the request's `max_tokens` (an upper bound), else 0. */
  output_tokens?: number | undefined;
}

/** A {@link CostEstimate} plus how far its token counts can be trusted (see `tokenCountAccuracy`). */
export type RequestCostEstimate = CostEstimate & { tokenAccuracy: TokenCountAccuracy };

async function rerankTokens(request: RerankCostInput): Promise<number> {
  const perItem = getRerankModel(request.model)?.maxTokensPerItem ?? Infinity;
  const query = Math.min(await countTokens(request.query), perItem);
  const documents = await countTokensBatch([...request.documents]);
  return documents.reduce((sum, tokens) => sum + query + Math.min(tokens, perItem), 0);
}

/**
 * Prices a request before it is sent (the CLI's `--dry-run`): counts its tokens locally with the Qwen
 * tokenizer and prices them with {@link estimateCost}.
 * - embedding (`input`): Σ tokens of the texts;
 * - rerank (`query` + `documents`): `query_tokens × documents + Σ document_tokens`, each capped at the
 *   per-item limit the service truncates to (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api);
 *   splitting into sub-requests (`rerankMany`) bills the same total;
 * - chat (`messages`): the ChatML-rendered prompt (`countChatTokens`, an estimate that ignores tool
 *   definitions and images) plus `output_tokens` (default `max_tokens`, else 0).
 * Counts are exact for Qwen chat text and a lower bound for embedding and rerank models (`tokenAccuracy`).
 *
 * @throws InputValidationError for a request of none of the three shapes, a non-string text, or an unknown
 *   region; UnsupportedTokenizerModelError for a chat model with a non-Qwen vocabulary.
 */
export async function estimateRequestCost(
  request: EmbeddingCostInput | RerankCostInput | ChatCostInput,
  options: RequestCostOptions,
): Promise<RequestCostEstimate> {
  if (!request || typeof request.model !== 'string' || request.model === '') throw new InputValidationError('model is required.', 'model');
  estimateCost({ model: request.model, region: options.region, input_tokens: 0 });
  let input_tokens: number;
  let output_tokens = 0;
  if ('messages' in request) {
    if (!Array.isArray(request.messages)) throw new InputValidationError('messages must be an array.', 'messages');
    input_tokens = await countChatTokens(request.messages, { model: request.model });
    output_tokens = options.output_tokens ?? request.max_tokens ?? 0;
  } else if ('documents' in request) {
    if (typeof request.query !== 'string' || !Array.isArray(request.documents) || request.documents.some((document) => typeof document !== 'string')) {
      throw new InputValidationError('rerank cost needs a text query and text documents.', 'documents');
    }
    input_tokens = await rerankTokens(request);
  } else if ('input' in request) {
    const texts = typeof request.input === 'string' ? [request.input] : request.input;
    if (!Array.isArray(texts) || texts.some((text) => typeof text !== 'string')) throw new InputValidationError('input must be a string or an array of strings.', 'input');
    input_tokens = (await countTokensBatch([...texts])).reduce((sum, tokens) => sum + tokens, 0);
  } else {
    throw new InputValidationError('Pass an embedding (input), rerank (query, documents) or chat (messages) request.', 'request');
  }
  const estimate = estimateCost({ model: request.model, region: options.region, input_tokens, output_tokens });
  return { ...estimate, tokenAccuracy: tokenCountAccuracy(request.model) };
}
