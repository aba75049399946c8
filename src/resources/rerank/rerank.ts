import { ResponseValidationError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestJSON, type CallSpec, type TransportConfig } from '../../core/transport.js';
import { formatIssues } from '../../wire/format-issues.js';
import { PATHS } from '../../wire/paths.js';
import type { RerankCreateParams, RerankResult, RerankResultItem } from './rerank-types.js';
import { areTokensChecked } from '../tokens-checked.js';
import { validateRerankParams } from './validate-rerank-params.js';

/**
 * `client.rerank`: gte-rerank-v2, qwen3-rerank and qwen3-vl-rerank on the right wire format per model and
 * protocol, with one normalised result. Docs: https://www.alibabacloud.com/help/en/model-studio/text-rerank-api
 */
export class Rerank {
  readonly #transport: TransportConfig;
  readonly #defaultProtocol: () => 'native' | 'compatible';

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig, defaultProtocol: () => 'native' | 'compatible') {
    this.#transport = transport;
    this.#defaultProtocol = defaultProtocol;
  }

  /**
   * Ranks `documents` against `query` in one request.
   *
   * @example
   * const { results } = await client.rerank.create({ model: 'qwen3-rerank', query: 'what is npm?', documents, top_n: 3 });
   *
   * @throws InputValidationError before sending (see `validateRerankParams`, and `checkRerankTokens`: over
   *   the model's token budget); ResponseValidationError when a
   *   result index is outside `documents`; APIError subclasses and connection errors.
   */
  async create(params: RerankCreateParams, options: RequestOptions = {}): Promise<RerankResult> {
    const model = validateRerankParams(params);
    // Imported on first use, not with the root entry (issue 12, cold import).
    if (!areTokensChecked(params)) await (await import('./check-rerank-tokens.js')).checkRerankTokens(params, model);
    const wanted = params.protocol ?? this.#defaultProtocol();
    const useCompatible = wanted === 'compatible' && (model ? model.protocols.includes('compatible') : typeof params.query === 'string');
    const spec = useCompatible ? compatibleSpec(params) : nativeSpec(params);
    const { body } = await requestJSON(this.#transport, spec, options);
    const result = useCompatible ? await parseCompatible(body, params.model) : await parseNative(body, params.model);
    const outOfRange = result.results.find((item) => item.index < 0 || item.index >= params.documents.length);
    if (outOfRange) throw new ResponseValidationError('Unexpected rerank result', [`index ${outOfRange.index} is outside documents`], result.request_id);
    result.results.sort((left, right) => right.relevance_score - left.relevance_score);
    return result;
  }
}

function nativeSpec(params: RerankCreateParams): CallSpec {
  const parameters: Record<string, unknown> = {};
  if (params.top_n !== undefined) parameters.top_n = params.top_n;
  if (params.return_documents !== undefined) parameters.return_documents = params.return_documents;
  if (params.instruct !== undefined) parameters.instruct = params.instruct;
  if (params.fps !== undefined) parameters.fps = params.fps;
  return { path: PATHS.nativeTextRerank, body: { model: params.model, input: { query: params.query, documents: params.documents }, parameters } };
}

function compatibleSpec(params: RerankCreateParams): CallSpec {
  const body: Record<string, unknown> = { model: params.model, query: params.query, documents: params.documents };
  if (params.top_n !== undefined) body.top_n = params.top_n;
  if (params.instruct !== undefined) body.instruct = params.instruct;
  if (params.return_documents !== undefined) body.return_documents = params.return_documents;
  return { path: PATHS.compatibleRerank, body };
}

type WireResult = { index: number; relevance_score: number; document?: { text?: string | undefined; image?: string | undefined; video?: string | undefined } | null | undefined };

function toItem(item: WireResult): RerankResultItem {
  const result: RerankResultItem = { index: item.index, relevance_score: item.relevance_score };
  if (item.document) {
    const document: NonNullable<RerankResultItem['document']> = {};
    if (item.document.text !== undefined) document.text = item.document.text;
    if (item.document.image !== undefined) document.image = item.document.image;
    if (item.document.video !== undefined) document.video = item.document.video;
    result.document = document;
  }
  return result;
}

// The wire schemas are imported on first use, not with the root entry: they load zod (issue 12, cold import).
async function parseNative(body: unknown, model: string): Promise<RerankResult> {
  const { NativeRerankResponseSchema } = await import('../../wire/rerank.js');
  const parsed = NativeRerankResponseSchema.safeParse(body);
  if (!parsed.success) throw new ResponseValidationError('Unexpected native rerank response shape', formatIssues(parsed.error));
  const { output, usage, request_id } = parsed.data;
  return { results: output.results.map(toItem), usage: { total_tokens: usage?.total_tokens ?? 0 }, request_id: request_id ?? '', model };
}

async function parseCompatible(body: unknown, model: string): Promise<RerankResult> {
  const { CompatibleRerankResponseSchema } = await import('../../wire/rerank.js');
  const parsed = CompatibleRerankResponseSchema.safeParse(body);
  if (!parsed.success) throw new ResponseValidationError('Unexpected rerank list shape', formatIssues(parsed.error));
  const { results, usage, id } = parsed.data;
  return { results: results.map(toItem), usage: { total_tokens: usage?.total_tokens ?? 0 }, request_id: id ?? '', model: parsed.data.model ?? model };
}
