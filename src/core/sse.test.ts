import { readdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturePath } from '../test-support/fixtures.js';
import { ResponseTooLargeError } from './errors.js';
import { SSEDecoder, decodeSSE, encodeSSE, type SSEEvent } from './sse.js';

const encoder = new TextEncoder();
const chunkSizes = [...Array.from({ length: 64 }, (_, index) => index + 1), 1460];

function bytes(text: string): Uint8Array {
  return encoder.encode(text);
}

function split(input: Uint8Array, size: number): Uint8Array[] {
  const chunks: Uint8Array[] = [];
  for (let offset = 0; offset < input.length; offset += size) {
    chunks.push(input.subarray(offset, offset + size));
  }
  return chunks;
}

function decodeChunks(chunks: Iterable<Uint8Array>): SSEEvent[] {
  const decoder = new SSEDecoder();
  const events: SSEEvent[] = [];
  for (const chunk of chunks) events.push(...decoder.push(chunk));
  events.push(...decoder.end());
  return events;
}

function decodeText(text: string, size?: number): SSEEvent[] {
  const input = bytes(text);
  return decodeChunks(size === undefined ? [input] : split(input, size));
}

function streamOf(chunks: Uint8Array[]): { body: ReadableStream<Uint8Array>; cancelled: () => boolean } {
  let index = 0;
  let wasCancelled = false;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks[index++];
      if (chunk === undefined) controller.close();
      else controller.enqueue(chunk);
    },
    cancel() {
      wasCancelled = true;
    },
  });
  return { body, cancelled: () => wasCancelled };
}

async function collect(events: AsyncIterable<SSEEvent>): Promise<SSEEvent[]> {
  const collected: SSEEvent[] = [];
  for await (const event of events) collected.push(event);
  return collected;
}

function readFixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(fixturePath(name)));
}

const sseFixtures = readdirSync(dirname(fixturePath('SOURCES.md')))
  .filter((name) => name.endsWith('.sse'))
  .sort();

const nativeFixture = 'chat-native-stream-text-incremental.sse';
const compatibleFixture = 'chat-compatible-stream-include-usage.sse';

describe('SSEDecoder on recorded DashScope streams', () => {
  it('finds the recorded native and compatible streams among the vendored fixtures', () => {
    expect(sseFixtures).toContain(nativeFixture);
    expect(sseFixtures).toContain(compatibleFixture);
  });

  it.each(sseFixtures)('decodes %s identically at every chunk size from 1 to 64, 1460 and whole', (name) => {
    const input = readFixture(name);
    const whole = decodeChunks([input]);
    expect(whole.length).toBeGreaterThan(0);
    for (const event of whole) {
      if (event.data !== '[DONE]') expect(() => JSON.parse(event.data)).not.toThrow();
    }
    for (const size of chunkSizes) {
      expect(decodeChunks(split(input, size)), `chunk size ${size}`).toEqual(whole);
    }
  });

  it('decodes the native stream into five result events with ids, status 200 and the answer text', () => {
    const events = decodeChunks([readFixture(nativeFixture)]);
    expect(events.map((event) => event.id)).toEqual(['1', '2', '3', '4', '5']);
    expect(events.every((event) => event.event === 'result' && event.status === 200)).toBe(true);
    const payloads = events.map((event) => JSON.parse(event.data));
    expect(payloads.map((payload) => payload.output.text).join('')).toBe('1+1等于2。');
    expect(payloads.at(-1).output.finish_reason).toBe('stop');
  });

  it('decodes the compatible stream into data-only chunks ending with a [DONE] passed through as data', () => {
    const events = decodeChunks([readFixture(compatibleFixture)]);
    expect(events).toHaveLength(10);
    expect(events.at(-1)).toEqual({ data: '[DONE]' });
    expect(events.every((event) => Object.keys(event).join() === 'data')).toBe(true);
    const chunks = events.slice(0, -1).map((event) => JSON.parse(event.data));
    const text = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(text).toBe('I am a large-scale language model from Alibaba Cloud, and my name is Qwen.');
    expect(chunks.at(-1).usage.total_tokens).toBe(39);
  });

  it('decodes the native stream the same after its blank lines are removed', () => {
    const text = new TextDecoder().decode(readFixture(nativeFixture));
    const expected = decodeText(text);
    const withoutBlankLines = text.replaceAll('\n\n', '\n');
    expect(withoutBlankLines).not.toContain('\n\n');
    for (const size of chunkSizes) expect(decodeText(withoutBlankLines, size)).toEqual(expected);
  });

  it('decodes the native stream the same with CRLF or bare CR line ends at every chunk size', () => {
    const text = new TextDecoder().decode(readFixture(nativeFixture));
    const expected = decodeText(text);
    for (const lineEnd of ['\r\n', '\r']) {
      const converted = text.replaceAll('\n', lineEnd);
      for (const size of chunkSizes) expect(decodeText(converted, size)).toEqual(expected);
    }
  });

  it('decodes the native stream the same after a leading UTF-8 byte-order mark at every chunk size', () => {
    const input = readFixture(nativeFixture);
    const withBOM = new Uint8Array([0xef, 0xbb, 0xbf, ...input]);
    const expected = decodeChunks([input]);
    for (const size of chunkSizes) expect(decodeChunks(split(withBOM, size))).toEqual(expected);
  });
});

describe('SSEDecoder line handling', () => {
  it('treats a CR ending one chunk and an LF starting the next as a single line end', () => {
    const chunks = ['data:a\r', '\ndata:b\r', '\n\r', '\n'].map(bytes);
    expect(decodeChunks(chunks)).toEqual([{ data: 'a\nb' }]);
  });

  it('treats two bare CRs in a row as a line end followed by a blank line', () => {
    expect(decodeText('data:a\r\rdata:b\r\r')).toEqual([{ data: 'a' }, { data: 'b' }]);
  });

  it('strips only a byte-order mark at the very start and keeps U+FEFF inside data', () => {
    expect(decodeText('\uFEFFdata:\uFEFFx\n\n')).toEqual([{ data: '\uFEFFx' }]);
  });

  it('accepts a value with or without one space after the colon and keeps any further spaces', () => {
    expect(decodeText('data:a\n\ndata: b\n\ndata:  c\n\n')).toEqual([
      { data: 'a' },
      { data: 'b' },
      { data: ' c' },
    ]);
  });

  it('joins several data lines of one event with a newline', () => {
    expect(decodeText('event:result\ndata:{"a":\ndata:1}\n\n')).toEqual([
      { event: 'result', data: '{"a":\n1}' },
    ]);
  });

  it('ignores a leading blank line, comments, retry and unknown fields', () => {
    const text = '\n: keep-alive\nretry:3000\nfoo:bar\nidentity:x\ndata:1\n\n';
    expect(decodeText(text)).toEqual([{ data: '1' }]);
  });

  it('does not dispatch an event that has fields but no data', () => {
    expect(decodeText('id:7\nevent:result\n:HTTP_STATUS/200\n\ndata:x\n\n')).toEqual([{ data: 'x' }]);
  });

  it('dispatches an event whose only data line is empty', () => {
    expect(decodeText('data:\n\ndata\n\n')).toEqual([{ data: '' }, { data: '' }]);
  });

  it('flushes an unterminated last line and the pending event at end of input', () => {
    expect(decodeText('id:1\nevent:result\ndata:{"x":1}')).toEqual([
      { id: '1', event: 'result', data: '{"x":1}' },
    ]);
  });

  it('splits native events that have no blank lines between them at the next id, event or status line', () => {
    const text =
      'id:1\nevent:result\n:HTTP_STATUS/200\ndata:{"n":1}\n' +
      'id:2\nevent:result\n:HTTP_STATUS/200\ndata:{"n":2}\n' +
      'event:result\ndata:{"n":3}\n' +
      ':HTTP_STATUS/200\ndata:{"n":4}\n';
    const expected = [
      { id: '1', event: 'result', status: 200, data: '{"n":1}' },
      { id: '2', event: 'result', status: 200, data: '{"n":2}' },
      { event: 'result', data: '{"n":3}' },
      { status: 200, data: '{"n":4}' },
    ];
    for (const size of chunkSizes) expect(decodeText(text, size)).toEqual(expected);
  });

  it('reports an in-band error event with its HTTP_STATUS comment', () => {
    const data = '{"code":"InvalidParameter","message":"Range of input length should be [1, 6000]","request_id":"r-1"}';
    const events = decodeText(`id:1\nevent:error\n:HTTP_STATUS/400\ndata:${data}\n\n`);
    expect(events).toEqual([{ id: '1', event: 'error', status: 400, data }]);
    expect(JSON.parse(events[0]!.data).code).toBe('InvalidParameter');
  });

  it('treats malformed HTTP_STATUS comments as ordinary comments', () => {
    const text = ':HTTP_STATUS/abc\n:HTTP_STATUS/20\n:HTTP_STATUS/2000\n:http_status/200\ndata:x\n\n';
    expect(decodeText(text)).toEqual([{ data: 'x' }]);
  });

  it('decodes emoji and CJK characters split across chunks at every byte boundary', () => {
    const data = '{"text":"😀你好，世界🎉 ok"}';
    const input = bytes(`id:1\nevent:result\ndata:${data}\n\n`);
    for (let cut = 1; cut < input.length; cut++) {
      const events = decodeChunks([input.subarray(0, cut), input.subarray(cut)]);
      expect(events, `cut at byte ${cut}`).toEqual([{ id: '1', event: 'result', data }]);
    }
    for (const size of [1, 2, 3, 5]) {
      expect(decodeChunks(split(input, size))).toEqual([{ id: '1', event: 'result', data }]);
    }
  });

  it('does not mistake UTF-8 continuation bytes 0x8A and 0x8D for line ends at any alignment', () => {
    const data = `{"text":"${'上不'.repeat(40)}"}`;
    expect(Array.from(bytes('上不'))).toEqual([0xe4, 0xb8, 0x8a, 0xe4, 0xb8, 0x8d]);
    for (let padding = 0; padding < 4; padding++) {
      const text = `${':'.repeat(padding + 1)}\nid:1\ndata:${data}\r\ndata:${data}\r\r`;
      for (const size of [1, 5, 64, 1460]) {
        expect(decodeText(text, size)).toEqual([{ id: '1', data: `${data}\n${data}` }]);
      }
    }
  });

  it('does not split lines at U+2028, U+2029 or U+0085 inside JSON text', () => {
    const data = '{"text":"a\u2028b\u2029c\u0085d"}';
    for (const size of [1, 2, 3, 1460]) {
      const events = decodeText(`data: ${data}\n\n`, size);
      expect(events).toEqual([{ data }]);
      expect(JSON.parse(events[0]!.data).text).toBe('a\u2028b\u2029c\u0085d');
    }
  });

  it('starts a new stream after end, including a fresh byte-order mark check', () => {
    const decoder = new SSEDecoder();
    expect(decoder.push(bytes('\uFEFFdata:a'))).toEqual([]);
    expect(decoder.end()).toEqual([{ data: 'a' }]);
    expect(decoder.push(bytes('\uFEFFid:2\ndata:b\n\n'))).toEqual([{ id: '2', data: 'b' }]);
  });
});

describe('SSEDecoder work counters', () => {
  it('scans at most twice and copies at most four times a 1 MiB single event pushed one byte at a time', () => {
    const input = bytes(`data:"${'x'.repeat(1024 * 1024)}"\n\n`);
    const decoder = new SSEDecoder();
    let events = 0;
    for (let offset = 0; offset < input.length; offset++) {
      events += decoder.push(input.subarray(offset, offset + 1)).length;
    }
    events += decoder.end().length;
    const { bytesScanned, bytesCopied } = decoder.stats();
    expect(events).toBe(1);
    expect(bytesScanned).toBeGreaterThanOrEqual(input.length);
    expect(bytesScanned).toBeLessThanOrEqual(2 * input.length);
    expect(bytesCopied).toBeGreaterThanOrEqual(input.length);
    expect(bytesCopied).toBeLessThanOrEqual(4 * input.length);
  });

  it('stays within the same bounds for many small events in 64-byte chunks', () => {
    const frame = encodeSSE({ id: '1', event: 'result', status: 200, data: '{"output":{"text":"你好"}}' });
    const input = bytes(frame.repeat(5000));
    const decoder = new SSEDecoder();
    let events = 0;
    for (const chunk of split(input, 64)) events += decoder.push(chunk).length;
    events += decoder.end().length;
    const { bytesScanned, bytesCopied } = decoder.stats();
    expect(events).toBe(5000);
    expect(bytesScanned).toBeLessThanOrEqual(2 * input.length);
    expect(bytesCopied).toBeLessThanOrEqual(4 * input.length);
  });
});

describe('decodeSSE', () => {
  it('yields the same events from a ReadableStream as the decoder does from the bytes', async () => {
    const input = readFixture(nativeFixture);
    const { body } = streamOf(split(input, 7));
    expect(await collect(decodeSSE(body))).toEqual(decodeChunks([input]));
  });

  it('releases the reader after reading the whole body', async () => {
    const { body, cancelled } = streamOf([bytes('data:1\n\ndata:2')]);
    expect(await collect(decodeSSE(body))).toEqual([{ data: '1' }, { data: '2' }]);
    expect(body.locked).toBe(false);
    expect(cancelled()).toBe(false);
  });

  it('cancels the body when the consumer breaks out of the loop', async () => {
    const { body, cancelled } = streamOf([bytes('data:1\n\n'), bytes('data:2\n\n'), bytes('data:3\n\n')]);
    for await (const event of decodeSSE(body)) {
      expect(event).toEqual({ data: '1' });
      break;
    }
    expect(cancelled()).toBe(true);
  });

  it('throws the abort reason and cancels the body when the signal aborts mid-stream', async () => {
    const controller = new AbortController();
    let wasCancelled = false;
    const body = new ReadableStream<Uint8Array>({
      start(streamController) {
        streamController.enqueue(bytes('data:1\n\n'));
      },
      cancel() {
        wasCancelled = true;
      },
    });
    const seen: SSEEvent[] = [];
    const reading = (async () => {
      for await (const event of decodeSSE(body, controller.signal)) {
        seen.push(event);
        controller.abort();
      }
    })();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(seen).toEqual([{ data: '1' }]);
    expect(wasCancelled).toBe(true);
  });

  it('stops waiting for a stalled body when the signal aborts', async () => {
    const controller = new AbortController();
    let wasCancelled = false;
    const body = new ReadableStream<Uint8Array>({
      cancel() {
        wasCancelled = true;
      },
    });
    const reading = collect(decodeSSE(body, controller.signal));
    setTimeout(() => controller.abort(), 5);
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    expect(wasCancelled).toBe(true);
  });

  it('passes an error of the body stream through to the consumer', async () => {
    const failure = new TypeError('terminated');
    let pulls = 0;
    const body = new ReadableStream<Uint8Array>(
      {
        pull(streamController) {
          if (pulls++ === 0) streamController.enqueue(bytes('data:1\n\n'));
          else streamController.error(failure);
        },
      },
      { highWaterMark: 0 },
    );
    const seen: SSEEvent[] = [];
    await expect(
      (async () => {
        for await (const event of decodeSSE(body)) seen.push(event);
      })(),
    ).rejects.toBe(failure);
    expect(seen).toEqual([{ data: '1' }]);
  });

  it('throws at once and cancels the body when the signal is already aborted', async () => {
    const { body, cancelled } = streamOf([bytes('data:1\n\n')]);
    const reason = new Error('stop');
    const iterator = decodeSSE(body, AbortSignal.abort(reason));
    await expect(iterator.next()).rejects.toBe(reason);
    expect(cancelled()).toBe(true);
  });
});

describe('encodeSSE', () => {
  it('writes native frames without a space after the colon and with the status comment', () => {
    expect(encodeSSE({ id: '1', event: 'result', status: 200, data: '{"output":{}}' })).toBe(
      'id:1\nevent:result\n:HTTP_STATUS/200\ndata:{"output":{}}\n\n',
    );
  });

  it('writes compatible frames as data lines with a space after the colon and no status', () => {
    expect(encodeSSE({ data: '{"choices":[]}', status: 200 }, 'compatible')).toBe('data: {"choices":[]}\n\n');
    expect(encodeSSE({ data: '[DONE]' }, 'compatible')).toBe('data: [DONE]\n\n');
  });

  it('writes multi-line data as one data line per line', () => {
    expect(encodeSSE({ data: 'a\nb\r\nc\rd' })).toBe('data:a\ndata:b\ndata:c\ndata:d\n\n');
  });

  it('adds the separating space in native style when a value starts with a space', () => {
    expect(encodeSSE({ event: ' x', data: ' y' })).toBe('event:  x\ndata:  y\n\n');
  });

  it('rejects line breaks in id or event, unknown styles and impossible statuses', () => {
    expect(() => encodeSSE({ id: '1\n2', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSSE({ event: 'a\rb', data: 'x' })).toThrow(TypeError);
    expect(() => encodeSSE({ data: 'x' }, 'other' as 'native')).toThrow(TypeError);
    expect(() => encodeSSE({ data: 'x', status: 20 })).toThrow(RangeError);
    expect(() => encodeSSE({ data: 'x', status: 200.5 })).toThrow(RangeError);
  });

  it.each(['native', 'compatible'] as const)('round-trips events through the decoder in %s style', (style) => {
    const events: SSEEvent[] = [
      { id: '1', event: 'result', status: 200, data: '{"output":{"text":"你好😀"}}' },
      { data: 'line one\nline two\n' },
      { event: 'error', status: 400, data: ' leading space' },
      { data: '' },
      { id: '', event: '', data: 'empty fields' },
      { data: '{"text":"a\u2028b"}' },
      { data: '[DONE]' },
    ];
    const expected =
      style === 'native'
        ? events
        : events.map(({ status: _status, ...rest }) => rest);
    const input = bytes(events.map((event) => encodeSSE(event, style)).join(''));
    for (const size of [1, 3, 64, input.length]) expect(decodeChunks(split(input, size))).toEqual(expected);
  });
});

describe('SSEDecoder maxEventBytes', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);

  it('throws ResponseTooLargeError once an unfinished line grows past the cap, whatever the chunking', () => {
    const decoder = new SSEDecoder({ maxEventBytes: 64 });
    expect(decoder.push(bytes('data: ' + 'x'.repeat(40)))).toEqual([]);
    expect(() => decoder.push(bytes('x'.repeat(40)))).toThrow(ResponseTooLargeError);
  });

  it('throws for a complete event over the cap that arrives in one chunk, and passes events at the cap', () => {
    expect(() => new SSEDecoder({ maxEventBytes: 64 }).push(bytes(`data: ${'y'.repeat(65)}\n\n`))).toThrow(ResponseTooLargeError);
    expect(new SSEDecoder({ maxEventBytes: 64 }).push(bytes(`data: ${'y'.repeat(64)}\n\n`))).toEqual([{ data: 'y'.repeat(64) }]);
  });

  it('counts the data lines of one event together', () => {
    const decoder = new SSEDecoder({ maxEventBytes: 64 });
    expect(() => decoder.push(bytes(`data: ${'z'.repeat(40)}\ndata: ${'z'.repeat(40)}\n\n`))).toThrow(ResponseTooLargeError);
  });
});
