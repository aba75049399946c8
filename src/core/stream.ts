/**
 * An async-iterable stream of typed chunks (chat deltas). Iterate it once with `for await`; `break` cancels
 * the HTTP request. `toReadableStream()` turns it into NDJSON bytes for a web `Response`;
 * `tee()` splits it in two.
 */
export class Stream<T> implements AsyncIterable<T> {
  #source: AsyncIterator<T, void, undefined>;
  #consumed = false;

  constructor(source: AsyncIterator<T, void, undefined>) {
    this.#source = source;
  }

  [Symbol.asyncIterator](): AsyncIterator<T, void, undefined> {
    if (this.#consumed) throw new Error('A stream can be iterated only once; use tee() to read it twice.');
    this.#consumed = true;
    return this.#source;
  }

  /** Splits the stream into two independent streams that each see every chunk. */
  tee(): [Stream<T>, Stream<T>] {
    const iterator = this[Symbol.asyncIterator]();
    const queues: T[][] = [[], []];
    let pending: Promise<IteratorResult<T, void>> | undefined;
    const branch = (own: T[]): AsyncIterator<T, void, undefined> => ({
      next: async () => {
        if (own.length > 0) return { done: false, value: own.shift() as T };
        pending ??= iterator.next().finally(() => {
          pending = undefined;
        });
        const result = await pending;
        if (result.done) return { done: true, value: undefined };
        for (const queue of queues) if (queue !== own) queue.push(result.value);
        return result;
      },
    });
    return [new Stream(branch(queues[0] as T[])), new Stream(branch(queues[1] as T[]))];
  }

  /** Encodes every chunk as one JSON line (NDJSON) in a byte stream; cancelling it cancels the request. */
  toReadableStream(): ReadableStream<Uint8Array> {
    const iterator = this[Symbol.asyncIterator]();
    const encoder = new TextEncoder();
    return new ReadableStream<Uint8Array>({
      async pull(controller) {
        try {
          const result = await iterator.next();
          if (result.done) controller.close();
          else controller.enqueue(encoder.encode(`${JSON.stringify(result.value)}\n`));
        } catch (error) {
          controller.error(error);
        }
      },
      async cancel() {
        await iterator.return?.();
      },
    });
  }
}
