/** Codes of {@link ServeRequestError}: what was wrong with the request body. */
export type ServeRequestErrorCode = 'invalid_json' | 'invalid_body' | 'no_question';

/**
 * A request body the serve endpoints refuse, before any model call: the server answers HTTP 400 with
 * `{ "error": { "type": "invalid_request_error", "code", "message", "param" } }` (OpenAI's error shape,
 * so OpenAI clients raise a BadRequestError carrying the message).
 */
export class ServeRequestError extends Error {
  override name = 'ServeRequestError';
  readonly code: ServeRequestErrorCode;
  /** Dotted path of the offending field (`messages.2.content`), or `null` for the body as a whole. */
  readonly param: string | null;

  constructor(code: ServeRequestErrorCode, message: string, param: string | null = null) {
    super(message);
    this.code = code;
    this.param = param;
  }
}
