import { InputValidationError } from '../core/errors.js';
import { getModelInfo } from '../models/catalog.js';
import type { Confidence, ModelPrice } from '../models/model-info.js';
import { CONTEXT_CACHE } from '../models/context-cache-limits.js';
import { resolveRegion, type Region } from '../models/regions.js';

/** Arguments of {@link estimateCost}. Units: tokens. */
export interface CostParams {
  model: string;
  /** Region id or alias (`'singapore'`, `'beijing'`, …): prices differ per region and currency. */
  region: Region | (string & {});
  input_tokens: number;
  /** Chat output tokens (embedding and rerank output is not billed). Default 0. */
  output_tokens?: number | undefined;
  /** Image tokens (qwen3-vl-rerank bills them at their own price). Default 0. */
  image_tokens?: number | undefined;
  /** Context-cache hits inside `input_tokens` (usage `cached_tokens`): 10 % of the input price when `cache_type` is `'ephemeral'`, else 20 % (implicit). Default 0. */
  cached_tokens?: number | undefined;
  /** Explicit-cache creation tokens inside `input_tokens` (usage `cache_creation_input_tokens`): 125 % of the input price. Default 0. */
  cache_creation_input_tokens?: number | undefined;
  /** Usage `cache_type`: `'ephemeral'` for explicit cache; absent for the implicit cache. */
  cache_type?: string | undefined;
}

/** A priced estimate: `amount` in `currency`, from the catalog row `price` read from the doc copy dated `seen`. */
export interface PricedCost {
  priced: true;
  model: string;
  region: Region;
  currency: 'USD' | 'CNY';
  /** Total in `currency` (input + output + image tokens × their price per 1,000,000). */
  amount: number;
  input_tokens: number;
  output_tokens: number;
  image_tokens: number;
  /** The catalog row used (currency per 1,000,000 tokens). */
  price: ModelPrice;
  /** Date of the documentation copy the price was read from; verify current prices before relying on it. */
  seen: string;
  confidence: Confidence;
}

/** No price: the model is unknown, or the catalog has no price for that region. `pricedRegions` says where it has one. */
export interface UnpricedCost {
  priced: false;
  model: string;
  region: Region;
  reason: 'unknown_model' | 'no_price_for_region';
  input_tokens: number;
  output_tokens: number;
  image_tokens: number;
  /** Regions the catalog has a price for (empty for unknown models). */
  pricedRegions: Region[];
  /** A sentence saying why there is no amount. */
  message: string;
}

/** Result of {@link estimateCost}: check `priced` before reading `amount`. */
export type CostEstimate = PricedCost | UnpricedCost;

function tokenCount(value: number | undefined, name: string): number {
  if (value === undefined) return 0;
  if (!Number.isFinite(value) || value < 0) throw new InputValidationError(`${name} must be a finite number ≥ 0 (got ${value}).`, name);
  return value;
}

/**
 * Prices a token count with the model catalog: `tokens / 1,000,000 × price` per token kind, in the
 * region's currency (USD on the international site, CNY in Beijing). Output tokens are billed only for
 * models with an output price (chat); image tokens at the row's image price, else its input price. Prices come from stored copies of
 * https://www.alibabacloud.com/help/en/model-studio/billing-for-model-studio and the model pages, each
 * dated by `seen`; free quotas and batch discounts (50 %) are not applied. Context cache
 * (https://www.alibabacloud.com/help/en/model-studio/context-cache): of `input_tokens`, `cached_tokens` are billed at
 * 10 % of the input price (explicit, `cache_type: 'ephemeral'`) or 20 % (implicit) and `cache_creation_input_tokens`
 * at 125 %; the rest at 100 % — pass a chat `usage` object's fields as they are.
 *
 * @example
 * estimateCost({ model: 'text-embedding-v4', region: 'singapore', input_tokens: 2_000_000 });
 * // { priced: true, currency: 'USD', amount: 0.14, seen: '2026-03', … }
 *
 * @returns a {@link PricedCost}, or an {@link UnpricedCost} saying why there is no amount.
 * @throws InputValidationError for an unknown region or a negative / non-finite token count.
 */
export function estimateCost(params: CostParams): CostEstimate {
  const region = typeof params.region === 'string' ? resolveRegion(params.region) : undefined;
  if (!region) throw new InputValidationError(`Unknown region "${params.region}".`, 'region');
  const input_tokens = tokenCount(params.input_tokens, 'input_tokens');
  const output_tokens = tokenCount(params.output_tokens, 'output_tokens');
  const image_tokens = tokenCount(params.image_tokens, 'image_tokens');
  const counts = { input_tokens, output_tokens, image_tokens };
  const info = getModelInfo(params.model);
  if (!info) {
    return {
      priced: false, model: params.model, region, reason: 'unknown_model', ...counts, pricedRegions: [],
      message: `The catalog does not know ${params.model}, so it has no price for it.`,
    };
  }
  const price = info.prices.find((row) => row.region === region);
  if (!price) {
    const pricedRegions = info.prices.map((row) => row.region);
    const where = pricedRegions.length > 0 ? `it has prices for ${pricedRegions.join(', ')}` : 'it has no price for this model at all';
    return {
      priced: false, model: params.model, region, reason: 'no_price_for_region', ...counts, pricedRegions,
      message: `The catalog has no ${region} price for ${params.model}; ${where}.`,
    };
  }
  const cached = Math.min(tokenCount(params.cached_tokens, 'cached_tokens'), input_tokens);
  const created = Math.min(tokenCount(params.cache_creation_input_tokens, 'cache_creation_input_tokens'), input_tokens - cached);
  const hitFactor = params.cache_type === 'ephemeral' || created > 0 ? CONTEXT_CACHE.explicitHitPriceFactor : CONTEXT_CACHE.implicitHitPriceFactor;
  const inputUnits = input_tokens - cached - created + cached * hitFactor + created * CONTEXT_CACHE.creationPriceFactor;
  const amount = (inputUnits * price.input + output_tokens * (price.output ?? 0) + image_tokens * (price.image ?? price.input)) / 1_000_000;
  return { priced: true, model: params.model, region, currency: price.currency, amount, ...counts, price, seen: price.seen, confidence: price.confidence };
}
