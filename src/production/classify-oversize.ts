import { APIError } from '../core/errors.js';

/**
 * Why DashScope refused a request as too big:
 * - `batch`: too many rows ("Value error, batch size is invalid, it should not be larger than 10");
 *   `cap` is the row limit the message names, when it names one;
 * - `input_length`: a text is empty or over the per-text token limit ("Range of input length should
 *   be [1, 8192]"); in a batch of several texts it is not known which one;
 * - `request_budget`: the whole request is over its budget of tokens or documents (rerank: query × documents
 *   + documents over 120,000 / 30,000 tokens, or over 500 documents);
 * - `body`: HTTP 413, the request body is over 16 MiB.
 */
export interface Oversize {
  kind: 'batch' | 'input_length' | 'request_budget' | 'body';
  /** Row limit parsed from a `batch` message. */
  cap?: number;
  /** Token limit parsed from an `input_length` message. */
  maxTokens?: number;
}

const BATCH = /batch size is invalid[^0-9]*?(?:larger than|exceed(?:s|ing)?|maximum(?: of)?)\s*(\d+)?/i;
const REQUEST_BUDGET = /tokens?\b.*\b(?:more than|exceeds?|over) (?:the )?(?:request )?(?:token )?limit|number of documents should not be larger than/i;
const INPUT_LENGTH = /range of input length should be \[\s*\d+\s*,\s*(\d+)\s*\]|input length|too long|exceeds? the (?:maximum|max) (?:input )?(?:length|tokens)/i;

/**
 * Tells whether `error` is DashScope refusing a request because it is too large, and how, so a batch
 * can be split instead of failed (error catalogue: https://www.alibabacloud.com/help/en/model-studio/error-code;
 * embedding limits: https://www.alibabacloud.com/help/en/model-studio/text-embedding-synchronous-api).
 * Only 400-class {@link APIError}s qualify; throttles, 5xx and connection errors never do.
 *
 * @example
 * classifyOversize(error); // { kind: 'batch', cap: 10 } for "batch size is invalid, it should not be larger than 10"
 * @returns the reason, or `undefined` when the error is anything else.
 */
export function classifyOversize(error: unknown): Oversize | undefined {
  if (!(error instanceof APIError)) return undefined;
  if (error.status === 413) return { kind: 'body' };
  if (error.status !== 400) return undefined;
  const batch = BATCH.exec(error.message);
  if (batch) {
    const cap = batch[1] === undefined ? undefined : Number(batch[1]);
    return cap !== undefined && cap > 0 ? { kind: 'batch', cap } : { kind: 'batch' };
  }
  if (REQUEST_BUDGET.test(error.message)) return { kind: 'request_budget' };
  const length = INPUT_LENGTH.exec(error.message);
  if (length) {
    const maxTokens = length[1] === undefined ? undefined : Number(length[1]);
    return maxTokens !== undefined && maxTokens > 0 ? { kind: 'input_length', maxTokens } : { kind: 'input_length' };
  }
  return undefined;
}
