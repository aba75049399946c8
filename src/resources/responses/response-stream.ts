import { StreamTruncatedError, ResponseValidationError } from '../../core/errors.js';
import { Stream } from '../../core/stream.js';
import { formatIssues } from '../../wire/format-issues.js';
import type { Response, ResponseStreamEvent } from './response-types.js';

/**
 * The stream of `client.responses.create({ ..., stream: true })`: typed events in order, and
 * {@link ResponseStream.finalResponse} for the response of the closing `response.completed` event.
 * A stream that ends without `response.completed` throws {@link StreamTruncatedError}.
 */
export class ResponseStream extends Stream<ResponseStreamEvent> {
  #final: Response | undefined;
  #done: Promise<Response> | undefined;

  /** @internal Created by `client.responses.create`. */
  constructor(payloads: AsyncGenerator<unknown, void, undefined>) {
    let received = 0;
    const onCompleted = (response: Response): void => {
      this.#final = response;
    };
    async function* events(): AsyncGenerator<ResponseStreamEvent, void, undefined> {
      let completed = false;
      try {
        // Imported on the first event, not with the root entry: the wire schemas load zod (issue 12, cold import).
        const { ResponseStreamEventSchema } = await import('../../wire/responses.js');
        const { parseResponse } = await import('./parse-response.js');
        for await (const payload of payloads) {
          received++;
          const parsed = ResponseStreamEventSchema.safeParse(payload);
          if (!parsed.success) throw new ResponseValidationError('Unexpected Responses API stream event', formatIssues(parsed.error));
          const event = { ...parsed.data } as ResponseStreamEvent;
          if (event.response !== undefined) event.response = parseResponse(event.response);
          if (event.type === 'response.completed' && event.response) {
            completed = true;
            onCompleted(event.response);
          }
          yield event;
        }
        if (!completed) throw new StreamTruncatedError('response.completed', received);
      } finally {
        await payloads.return(undefined);
      }
    }
    super(events());
  }

  /**
   * Reads the rest of the stream (if not already read) and resolves with the completed response.
   * @throws whatever the stream throws (APIError, StreamIdleTimeoutError, StreamTruncatedError, …).
   */
  finalResponse(): Promise<Response> {
    this.#done ??= (async () => {
      try {
        for await (const event of this) void event;
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('A stream can be iterated only once'))) throw error;
      }
      if (!this.#final) throw new StreamTruncatedError('response.completed', 0);
      return this.#final;
    })();
    return this.#done;
  }
}
