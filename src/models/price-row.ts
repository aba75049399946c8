import type { ModelPrice } from './model-info.js';
import type { Region } from './regions.js';

/**
 * A USD price row (per 1,000,000 tokens) read from the doc copy of `seen`; `confident: false` marks it
 * `uncertain`. Prices: https://www.alibabacloud.com/help/en/model-studio/billing-for-model-studio
 */
export function usd(region: Region, input: number, output: number | undefined, seen: string, confident = true): ModelPrice {
  return priceRow('USD', region, input, output, seen, confident);
}

/** A CNY price row (per 1,000,000 tokens), as {@link usd}. */
export function cny(region: Region, input: number, output: number | undefined, seen: string, confident = true): ModelPrice {
  return priceRow('CNY', region, input, output, seen, confident);
}

function priceRow(currency: ModelPrice['currency'], region: Region, input: number, output: number | undefined, seen: string, confident: boolean): ModelPrice {
  const price: ModelPrice = { region, currency, input, seen, confidence: confident ? 'documented' : 'uncertain' };
  if (output !== undefined) price.output = output;
  return price;
}
