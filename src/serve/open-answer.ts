import type { ChatMessage, DashScope } from '../index.js';
import { getChatModel } from '../models/index.js';
import { DEFAULT_ANSWER_MODEL, streamAnswer, type AnswerEvent, type AnswerSearch, type RetrievedSource } from '../rag/stream-answer.js';

/** What the endpoints answer with: the client, the retrieval step and the default chat model. */
export interface AnswerDeps {
  client: DashScope;
  search: AnswerSearch;
  /** Chat model when a request names none the catalog knows. Default {@link DEFAULT_ANSWER_MODEL}. */
  model?: string | undefined;
}

/** An answer whose sources are known, before any byte of the response is sent. */
export interface OpenedAnswer {
  /** The chat model answering (the request's, when the catalog knows it as a chat model; else the default). */
  model: string;
  sources: RetrievedSource[];
  /** The remaining events: `delta`s, then `done`. */
  events: AsyncGenerator<AnswerEvent, void, undefined>;
  /** Aborts the chat call (idempotent); the client leaving does it too. */
  abort(): void;
}

/**
 * Starts answering a question for one HTTP request and waits for its sources, so that a failed
 * retrieval can still become an HTTP error status. The answer's calls are aborted when the request's
 * signal fires (the client disconnected) or {@link OpenedAnswer.abort} is called.
 *
 * @throws whatever `streamAnswer` throws before its `sources` event (InputValidationError, SDK errors of
 *   the embedding and rerank calls, LocalFileError without an index, APIUserAbortError).
 */
export async function openAnswer(deps: AnswerDeps, request: Request, ask: { question: string; history: ChatMessage[]; model?: string | null | undefined }): Promise<OpenedAnswer> {
  const controller = new AbortController();
  const abort = () => controller.abort(new Error('the client closed the connection'));
  request.signal.addEventListener('abort', abort, { once: true });
  const model = ask.model && getChatModel(ask.model) ? ask.model : (deps.model ?? DEFAULT_ANSWER_MODEL);
  const events = streamAnswer({ client: deps.client, search: deps.search, question: ask.question, history: ask.history, model, signal: controller.signal });
  const release = () => request.signal.removeEventListener('abort', abort);
  try {
    const first = await events.next();
    if (first.done || first.value.type !== 'sources') throw new Error('streamAnswer did not start with its sources event');
    return { model, sources: first.value.sources, events: settle(events, release), abort };
  } catch (error) {
    release();
    throw error;
  }
}

async function* settle(events: AsyncGenerator<AnswerEvent, void, undefined>, release: () => void): AsyncGenerator<AnswerEvent, void, undefined> {
  try {
    yield* events;
  } finally {
    release();
  }
}
