import type { RequestOptions } from '../../core/request-options.js';
import { requestEventStream, requestJSON, type TransportConfig } from '../../core/transport.js';
import { PATHS } from '../../wire/paths.js';
import { ResponseStream } from './response-stream.js';
import type { Response, ResponseCreateParams } from './response-types.js';

/**
 * `client.responses`: DashScope's OpenAI-compatible Responses API, `POST /compatible-mode/v1/responses`
 * (https://help.aliyun.com/en/model-studio/compatibility-with-openai-responses-api; Singapore and Beijing).
 */
export class Responses {
  readonly #transport: TransportConfig;

  /** @internal Created by the `DashScope` client. */
  constructor(transport: TransportConfig) {
    this.#transport = transport;
  }

  /**
   * Creates a response. Plain: resolves with the {@link Response} (`output_text`, `output` items, `usage` in
   * tokens). With `stream: true`: a {@link ResponseStream} of typed events ending in `response.completed`.
   * Continue a conversation with `previous_response_id`; call functions with `tools` and answer them with
   * `function_call_output` input items.
   *
   * @example
   * const first = await client.responses.create({ model: 'qwen3-max', input: 'Name a prime.' });
   * const next = await client.responses.create({ model: 'qwen3-max', input: 'Another one.', previous_response_id: first.id });
   *
   * @throws InputValidationError before sending (see `validateResponseParams`); APIError subclasses,
   *   connection and timeout errors; ResponseValidationError for a body that is not a response;
   *   StreamTruncatedError when a stream ends without `response.completed`.
   */
  create(params: ResponseCreateParams & { stream: true }, options?: RequestOptions): Promise<ResponseStream>;
  create(params: ResponseCreateParams & { stream?: false | undefined }, options?: RequestOptions): Promise<Response>;
  create(params: ResponseCreateParams, options?: RequestOptions): Promise<Response | ResponseStream>;
  async create(params: ResponseCreateParams, options: RequestOptions = {}): Promise<Response | ResponseStream> {
    // Imported here, not with the root entry: the checks and parsers use the wire schemas, which load zod (issue 12).
    const { validateResponseParams } = await import('./validate-response-params.js');
    validateResponseParams(params);
    if (params.stream === true) {
      const { events } = await requestEventStream(this.#transport, { path: PATHS.compatibleResponses, body: params, stream: 'events' }, options);
      return new ResponseStream(events);
    }
    const { body } = await requestJSON(this.#transport, { path: PATHS.compatibleResponses, body: params }, options);
    const { parseResponse } = await import('./parse-response.js');
    return parseResponse(body);
  }
}
