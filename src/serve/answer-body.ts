import type { AnswerEvent } from '../rag/stream-answer.js';
import type { OpenedAnswer } from './open-answer.js';

/** How one endpoint writes an answer: text for each event, and the text that ends a stream that failed. */
export interface AnswerEncoding {
  event(event: AnswerEvent): string;
  error(error: unknown): string;
}

/**
 * The response body of an opened answer: each remaining event encoded as UTF-8 text, the error's text
 * if the answer fails mid-stream, then the end. Cancelling the body (the client left) aborts the chat call.
 */
export function answerBody(opened: OpenedAnswer, encoding: AnswerEncoding, prefix = ''): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let sentPrefix = prefix === '';
  let cancelled = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!sentPrefix) {
        sentPrefix = true;
        controller.enqueue(encoder.encode(prefix));
        return;
      }
      try {
        const next = await opened.events.next();
        if (next.done) return controller.close();
        const text = encoding.event(next.value);
        if (text !== '') controller.enqueue(encoder.encode(text));
      } catch (error) {
        if (cancelled) return;
        controller.enqueue(encoder.encode(encoding.error(error)));
        controller.close();
      }
    },
    async cancel() {
      cancelled = true;
      opened.abort();
      await opened.events.return(undefined).catch(() => undefined);
    },
  });
}
