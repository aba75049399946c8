import { APIUserAbortError, InputValidationError, type ChatMessage, type ChatUsage, type DashScope } from '../index.js';
import { citedNumbers } from './cited-numbers.js';
import { groundedMessages } from './grounded-messages.js';
import type { SearchResult } from './search-index.js';

/** Chat model of {@link streamAnswer} when none is given (https://www.alibabacloud.com/help/en/model-studio/models). */
export const DEFAULT_ANSWER_MODEL = 'qwen-plus';

/** A retrieved passage given to the chat model, numbered as the answer cites it. */
export interface RetrievedSource {
  /** Citation number `[n]`, 1-based, in rerank order. */
  n: number;
  file: string;
  heading: string;
  text: string;
  /** Rerank score in [0, 1] (`null` without rerank). */
  relevance_score: number | null;
  /** Cosine similarity of the query and chunk vectors, in [-1, 1]; `null` when the chunk came from the sparse ranking alone (see `SearchHit.cosine`). */
  cosine: number | null;
}

/** A source of a finished answer: whether the answer cites it. */
export interface AnswerSource extends RetrievedSource {
  cited: boolean;
}

/** The answer to one question: the `--json` output of `ask` (without `index`) and each item of `demo`. */
export interface AnswerResult {
  question: string;
  answer: string;
  /** Citation numbers used in the answer, in order of first use (only numbers of given sources). */
  citations: number[];
  sources: AnswerSource[];
  /** Chat model that answered (as the response names it). */
  model: string;
  /** Chat tokens, and the tokens of the query embedding and the rerank call. */
  usage: { chat: ChatUsage; embedding_tokens: number; rerank_tokens: number };
}

/**
 * What {@link streamAnswer} yields, in this order: one `sources` event (the numbered passages, before the
 * chat call starts), zero or more `delta` events (answer text as it streams), then one `done` event.
 */
export type AnswerEvent =
  | { type: 'sources'; question: string; sources: RetrievedSource[] }
  | { type: 'delta'; text: string }
  | { type: 'done'; result: AnswerResult };

/**
 * Finds the passages for a question: typically `(query, signal) => searchIndex({ store, client, set, query, signal })`.
 * It is given the question of this turn only.
 */
export type AnswerSearch = (query: string, signal: AbortSignal | undefined) => Promise<SearchResult>;

/** Options of {@link streamAnswer}. */
export interface StreamAnswerOptions {
  client: DashScope;
  /** Retrieval step; {@link streamAnswer} knows nothing else of the index. */
  search: AnswerSearch;
  question: string;
  /**
   * Earlier turns of the conversation (`user` / `assistant`, string content), sent between the system prompt
   * and the grounded question so follow-ups read in context. Retrieval still uses `question` alone.
   */
  history?: readonly ChatMessage[] | undefined;
  /** Chat model. Default {@link DEFAULT_ANSWER_MODEL}. */
  model?: string | undefined;
  /** Aborts retrieval and the chat stream; the iteration then throws APIUserAbortError. */
  signal?: AbortSignal | undefined;
}

function checkHistory(history: readonly ChatMessage[]): void {
  history.forEach((message, index) => {
    if ((message.role !== 'user' && message.role !== 'assistant') || typeof message.content !== 'string') {
      throw new InputValidationError('history holds user and assistant turns with string content only.', `history[${index}]`, { value: message.role });
    }
  });
}

/**
 * Answers one question from the docs as a stream of {@link AnswerEvent}s: retrieves the passages
 * (`search`), yields them numbered, streams a grounded answer from a Qwen chat model (the prompt of
 * `groundedMessages`, system prompt first, then `history`), then yields the full answer with its citation
 * numbers (`[n]` marks, see `citedNumbers`), each source's `cited` flag, usage and the model.
 *
 * Every path settles: an error of the search or chat call, or an abort of `signal`, ends the iteration
 * with that error; leaving the loop early (`break`) cancels the chat request.
 *
 * @throws InputValidationError (on the first `next()`, before any request) for an empty question or a
 *   history turn that is not a user/assistant string; APIUserAbortError when `signal` aborts; SDK errors of
 *   the embedding, rerank and chat calls; whatever `search` throws (e.g. LocalFileError: no index yet).
 */
export async function* streamAnswer(options: StreamAnswerOptions): AsyncGenerator<AnswerEvent, void, undefined> {
  const { client, question, signal } = options;
  if (question.trim() === '') throw new InputValidationError('The question is empty.', 'question', { value: question });
  const history = options.history ?? [];
  checkHistory(history);
  if (signal?.aborted) throw new APIUserAbortError(undefined, { cause: signal.reason });
  const search = await options.search(question, signal);
  const retrieved: RetrievedSource[] = search.hits.map((hit) => ({
    n: hit.rank,
    file: hit.file,
    heading: hit.heading,
    text: hit.text,
    relevance_score: hit.relevance_score,
    cosine: hit.cosine,
  }));
  yield { type: 'sources', question, sources: retrieved };
  const model = options.model ?? DEFAULT_ANSWER_MODEL;
  const [system, grounded] = groundedMessages(question, search.hits) as [ChatMessage, ChatMessage];
  const messages = [system, ...history, grounded];
  const stream = await client.chat.create({ model, messages, stream: true }, signal ? { signal } : {});
  for await (const chunk of stream) {
    const text = chunk.choices[0]?.delta.content;
    if (text) yield { type: 'delta', text };
  }
  const completion = await stream.finalCompletion();
  const answer = completion.choices[0]?.message.content ?? '';
  const citations = citedNumbers(answer, retrieved.length);
  yield {
    type: 'done',
    result: {
      question,
      answer,
      citations,
      sources: retrieved.map((source) => ({ ...source, cited: citations.includes(source.n) })),
      model: completion.model || model,
      usage: { chat: completion.usage, embedding_tokens: search.usage.embedding_tokens, rerank_tokens: search.usage.rerank_tokens },
    },
  };
}
