import { Stream } from '../../core/stream.js';
import { accumulateChatChunk, emptyCompletion } from './accumulate-chat.js';
import type { ChatCompletion, ChatCompletionChunk } from './chat-types.js';

/**
 * The stream returned by `client.chat.create({ ..., stream: true })`: an async iterable of
 * {@link ChatCompletionChunk} deltas, plus {@link ChatStream.finalCompletion} for the assembled message.
 */
export class ChatStream extends Stream<ChatCompletionChunk> {
  readonly #state;
  #done: Promise<ChatCompletion> | undefined;

  constructor(chunks: AsyncGenerator<ChatCompletionChunk, void, undefined>, model: string) {
    const state = emptyCompletion(model);
    async function* tracked(): AsyncGenerator<ChatCompletionChunk, void, undefined> {
      for await (const chunk of chunks) {
        accumulateChatChunk(state, chunk);
        yield chunk;
      }
    }
    super(tracked());
    this.#state = state;
  }

  /**
   * Reads the rest of the stream (if not already read) and resolves with the full completion: content and
   * reasoning concatenated, tool calls merged by index, final usage. Safe to call after a `for await` loop.
   * @throws whatever the stream throws (APIError from an in-stream error event, StreamIdleTimeoutError, …).
   */
  finalCompletion(): Promise<ChatCompletion> {
    this.#done ??= (async () => {
      try {
        for await (const chunk of this) void chunk;
      } catch (error) {
        if (!(error instanceof Error && error.message.startsWith('A stream can be iterated only once'))) throw error;
      }
      return this.#state.completion;
    })();
    return this.#done;
  }
}
