import { ResponseValidationError } from '../../core/errors.js';
import type { RequestOptions } from '../../core/request-options.js';
import { requestJSON, type TransportConfig } from '../../core/transport.js';
import { getModelInfo } from '../../models/catalog.js';
import type { ModelInfo } from '../../models/model-info.js';
import { formatIssues } from '../../wire/format-issues.js';
import { PATHS } from '../../wire/paths.js';

/** One live model: the service's entry, and the catalog's when dashscope-kit knows the model. */
export interface LiveModel {
  id: string;
  /** Unix seconds, as the service reports it (0 or absent when unknown). */
  created: number | undefined;
  owned_by: string | undefined;
  /** The catalog entry (limits, prices, endpoint), or `undefined` for a model the catalog lacks. */
  catalog: ModelInfo | undefined;
}

/** Result of `client.models.list()`. */
export interface ModelList {
  /** In the service's order. */
  data: LiveModel[];
  request_id: string;
}

/**
 * `client.models`: the models the key's region serves right now, from the OpenAI-compatible listing.
 * Docs: https://www.alibabacloud.com/help/en/model-studio/compatibility-of-openai-with-dashscope
 */
export class Models {
  readonly #transport: TransportConfig;

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig) {
    this.#transport = transport;
  }

  /**
   * Lists the live models (`GET /compatible-mode/v1/models`), each joined to its catalog entry so callers
   * can see what the catalog lacks (`catalog: undefined`).
   *
   * @example
   * const { data } = await client.models.list();
   * const unknown = data.filter((model) => !model.catalog).map((model) => model.id);
   *
   * @throws InputValidationError for bad per-call options; ResponseValidationError when the body is not a
   *   model list; APIError subclasses and connection errors.
   */
  async list(options: RequestOptions = {}): Promise<ModelList> {
    const { body, headers } = await requestJSON(this.#transport, { path: PATHS.compatibleModels, body: undefined, method: 'GET' }, options);
    const { ModelListResponseSchema } = await import('../../wire/models.js');
    const parsed = ModelListResponseSchema.safeParse(body);
    if (!parsed.success) throw new ResponseValidationError('Unexpected model list shape', formatIssues(parsed.error));
    const data = (parsed.data.data ?? []).map((entry) => ({ id: entry.id, created: entry.created, owned_by: entry.owned_by, catalog: getModelInfo(entry.id) }));
    return { data, request_id: parsed.data.request_id ?? parsed.data.id ?? headers.get('x-request-id') ?? '' };
  }
}
