import { truncateToTokens } from '../tokenizer/index.js';
import { countTokensCached } from './count-tokens-cached.js';
import type { RerankModelInfo } from '../models/model-info.js';
import type { NativeRerankResponse, RerankItem } from '../wire/rerank.js';
import { lexicalRelevance } from './lexical-relevance.js';
import { rerankItemText } from './rerank-item-text.js';
import { invalidParameter } from './wire-error.js';

/**
 * Tokens the emulator charges for one image or video rerank item. DashScope does not publish how
 * multimodal items are counted (the console splits image and text tokens, the response does not),
 * so these are assumptions, chosen so the documented caps (40 images, 4 videos) fit the budget.
 */
export const MEDIA_ITEM_TOKENS = { image: 1_000, video: 4_000 } as const;

/** What both rerank endpoints ask for, after their own envelope is unwrapped. */
export interface RerankAsk {
  model: RerankModelInfo;
  query: string | RerankItem;
  documents: readonly (string | RerankItem)[];
  topN: number | undefined;
  returnDocuments: boolean;
  instruct: string | undefined;
}

/** One ranked result, in DashScope's field names (the SDK's response schema). */
export type RankedResult = NativeRerankResponse['output']['results'][number];

/** A validated rerank request: its token usage and the computation of its ranking. */
export interface PreparedRerank {
  tokens: number;
  rank(): RankedResult[];
}

function kindOf(item: string | RerankItem): 'text' | 'image' | 'video' {
  if (typeof item === 'string' || 'text' in item) return 'text';
  return 'image' in item ? 'image' : 'video';
}

async function itemTexts(items: readonly (string | RerankItem)[], limit: number): Promise<{ texts: string[]; tokens: number[] }> {
  const texts = items.map((item) => rerankItemText(item));
  const textual = items.map((item) => kindOf(item) === 'text');
  const counts = await countTokensCached(texts.filter((_, index) => textual[index]));
  const tokens: number[] = [];
  let next = 0;
  for (let index = 0; index < items.length; index++) {
    const kind = kindOf(items[index] as string | RerankItem);
    if (kind !== 'text') {
      tokens.push(MEDIA_ITEM_TOKENS[kind]);
      continue;
    }
    const count = counts[next++] ?? 0;
    if (count <= limit) {
      tokens.push(count);
      continue;
    }
    const truncated = await truncateToTokens(texts[index] as string, limit);
    texts[index] = truncated.text;
    tokens.push(truncated.tokens);
  }
  return { texts, tokens };
}

/**
 * Checks a rerank request against the catalog as DashScope does and prepares its lexical ranking
 * (https://www.alibabacloud.com/help/en/model-studio/text-rerank-api): at least one and at most
 * `maxDocuments` documents (and the per-type caps of qwen3-vl-rerank), media items only on multimodal
 * models, every item truncated (not rejected) at `maxTokensPerItem`, and the request budget
 * `query_tokens × documents + Σ document_tokens ≤ maxTokensPerRequest`, which is also the reported
 * usage. Scores are {@link lexicalRelevance} of the (truncated) query and each document alone, so they
 * do not depend on the other documents; results are sorted by score (ties by index) and cut to `top_n`.
 *
 * @throws WireError 400 `InvalidParameter` for any of the above.
 */
export async function prepareRerank(ask: RerankAsk): Promise<PreparedRerank> {
  const { model, documents } = ask;
  if (documents.length === 0) throw invalidParameter('Value error, documents should not be empty: input.documents');
  if (!model.multimodal && [ask.query, ...documents].some((item) => kindOf(item) !== 'text' || typeof item !== 'string')) {
    throw invalidParameter(`Value error, ${model.id} only accepts a string query and a list of string documents: input`);
  }
  if (documents.length > model.maxDocuments) {
    throw invalidParameter(`Value error, the number of documents should not be larger than ${model.maxDocuments}: input.documents`);
  }
  if (model.maxDocumentsByType) {
    for (const kind of ['text', 'image', 'video'] as const) {
      const count = documents.filter((item) => kindOf(item) === kind).length;
      const cap = model.maxDocumentsByType[kind];
      if (count > cap) throw invalidParameter(`Value error, the number of ${kind} documents should not be larger than ${cap}: input.documents`);
    }
  }
  const query = await itemTexts([ask.query], model.maxTokensPerItem);
  const docs = await itemTexts(documents, model.maxTokensPerItem);
  const queryTokens = query.tokens[0] ?? 0;
  const tokens = queryTokens * documents.length + docs.tokens.reduce((sum, count) => sum + count, 0);
  if (tokens > model.maxTokensPerRequest) {
    throw invalidParameter(
      `Value error, the request has ${tokens} tokens (query tokens × documents + document tokens), more than the limit of ${model.maxTokensPerRequest}: input`,
    );
  }
  const instruct = model.supportsInstruct ? (ask.instruct ?? model.defaultInstruct) : undefined;
  return {
    tokens,
    rank() {
      const queryText = query.texts[0] ?? '';
      const results = docs.texts.map((text, index): RankedResult => ({ index, relevance_score: lexicalRelevance(queryText, text, instruct) }));
      results.sort((left, right) => right.relevance_score - left.relevance_score || left.index - right.index);
      const kept = results.slice(0, ask.topN ?? results.length);
      if (!ask.returnDocuments) return kept;
      return kept.map((result) => {
        const document = documents[result.index] as string | RerankItem;
        return { document: typeof document === 'string' ? { text: document } : { ...document }, ...result };
      });
    },
  };
}
