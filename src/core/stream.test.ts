import { describe, expect, it } from 'vitest';
import { Stream } from './stream.js';

async function* numbers(count: number): AsyncGenerator<{ n: number }, void, undefined> {
  for (let n = 0; n < count; n++) yield { n };
}

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of stream) items.push(item);
  return items;
}

describe('Stream', () => {
  it('can be iterated only once', async () => {
    const stream = new Stream(numbers(2));
    await collect(stream);
    expect(() => stream[Symbol.asyncIterator]()).toThrow(/only once/);
  });

  it('tee gives two streams that each see every chunk, read in any interleaving', async () => {
    const [left, right] = new Stream(numbers(5)).tee();
    const leftIterator = left[Symbol.asyncIterator]();
    const first = await leftIterator.next();
    const rightItems = await collect(right);
    const rest: Array<{ n: number }> = [];
    for (let result = await leftIterator.next(); !result.done; result = await leftIterator.next()) rest.push(result.value);
    expect(first.value).toEqual({ n: 0 });
    expect(rest.map((item) => item.n)).toEqual([1, 2, 3, 4]);
    expect(rightItems.map((item) => item.n)).toEqual([0, 1, 2, 3, 4]);
  });

  it('toReadableStream encodes chunks as NDJSON', async () => {
    const text = await new Response(new Stream(numbers(3)).toReadableStream()).text();
    expect(text).toBe('{"n":0}\n{"n":1}\n{"n":2}\n');
  });

  it('cancelling the readable stream returns the source iterator', async () => {
    let finished = false;
    async function* source(): AsyncGenerator<number, void, undefined> {
      try {
        for (let n = 0; ; n++) yield n;
      } finally {
        finished = true;
      }
    }
    const reader = new Stream(source()).toReadableStream().getReader();
    await reader.read();
    await reader.cancel();
    expect(finished).toBe(true);
  });
});
