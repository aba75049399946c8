import { ResponseTooLargeError } from './errors.js';

/**
 * One server-sent event as DashScope sends it, after decoding (or before encoding).
 *
 * - `data`: the event payload. Several `data:` lines are joined with `"\n"`. Native DashScope sends
 *   one JSON object per event; compatible mode ends with the literal `"[DONE]"`, passed through as
 *   data so the caller decides what it means.
 * - `event`: the `event:` field; native DashScope uses `result` and `error`, compatible mode none.
 * - `id`: the `id:` field; native DashScope numbers events `1`, `2`, ... as strings.
 * - `status`: the HTTP status carried by the `:HTTP_STATUS/NNN` comment line inside a native event
 *   (e.g. `400` on an `event:error` event sent in an HTTP 200 stream). Absent in compatible mode.
 *
 * @see https://www.alibabacloud.com/help/en/model-studio/stream
 */
export interface SSEEvent {
  event?: string;
  data: string;
  id?: string;
  status?: number;
}

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;
const COLON = 0x3a;
const INITIAL_CAPACITY = 16 * 1024;
const SHRINK_ABOVE = 1024 * 1024;
const SHORT_TEXT = 16;
const BOM = [0xef, 0xbb, 0xbf];
const HTTP_STATUS = [0x48, 0x54, 0x54, 0x50, 0x5f, 0x53, 0x54, 0x41, 0x54, 0x55, 0x53, 0x2f];

const utf8 = new TextDecoder('utf-8', { ignoreBOM: true });

/** Options of {@link SSEDecoder}. */
export interface SSEDecoderOptions {
  /**
   * Largest event the decoder holds: the unfinished line's bytes plus the `data` gathered so far for
   * the current event (counted in UTF-16 code units, so at most 3× this in bytes for CJK text). Past it `push` throws {@link ResponseTooLargeError} (`part: 'event'`), so an endless
   * line or event cannot grow memory without bound. Default: unlimited.
   */
  maxEventBytes?: number | undefined;
}

/**
 * Incremental, chunk-boundary-safe decoder for DashScope's server-sent events (native and
 * OpenAI-compatible mode). Feed it the response body bytes in whatever chunks they arrive; it
 * returns the events that became complete.
 *
 * Tolerates everything real DashScope streams contain: a UTF-8 BOM at the start, CRLF / CR / LF
 * line ends (a CR ending one chunk and an LF starting the next are one line end), `key:value` with
 * or without one space after the colon, comment lines (`:...`), a leading blank line, multi-line
 * `data:` (joined with `"\n"`), data-only events, and native events that are not separated by blank
 * lines: an `id:` or `event:` line, or a `:HTTP_STATUS/NNN` comment, that arrives while the current
 * event already has data dispatches that event first. An event is dispatched once it has at least
 * one `data:` line (an empty one counts); events without data are dropped. `retry:` and unknown
 * fields are ignored. Line separators inside the text (U+2028, U+2029, U+0085) do not end lines.
 *
 * Work is linear in the input whatever the chunking: bytes go into one growing buffer (capacity
 * doubles, start/end cursors, compaction only when at least half of it is free), only newly
 * appended bytes are searched for line ends (four bytes at a time), and UTF-8 is decoded once per
 * complete line, so characters split across chunks come out whole. {@link SSEDecoder.stats}
 * exposes the work counters. Only Web-standard APIs are used.
 *
 * Not safe to share between streams; call {@link SSEDecoder.end} at end of input. After `end()`
 * the decoder is ready for a new stream.
 *
 * @example
 * const decoder = new SSEDecoder();
 * for (const chunk of chunks) for (const event of decoder.push(chunk)) handle(event);
 * for (const event of decoder.end()) handle(event);
 *
 * @see https://www.alibabacloud.com/help/en/model-studio/stream
 */
export class SSEDecoder {
  readonly #maxEventBytes: number;
  #buffer = new Uint8Array(INITIAL_CAPACITY);
  #words = new Uint32Array(this.#buffer.buffer);
  #start = 0;
  #end = 0;
  #scanned = 0;
  #skipLF = false;
  #bomChecked = false;

  #event: string | undefined = undefined;
  #id: string | undefined = undefined;
  #status: number | undefined = undefined;
  #data = '';
  #hasData = false;

  #bytesScanned = 0;
  #bytesCopied = 0;

  constructor(options: SSEDecoderOptions = {}) {
    this.#maxEventBytes = options.maxEventBytes ?? Number.POSITIVE_INFINITY;
  }

  /**
   * Appends one chunk of the response body and returns the events completed by it, in order.
   * The chunk is copied; the caller may reuse it.
   *
   * @throws ResponseTooLargeError when the pending line and event data exceed `maxEventBytes`.
   */
  push(chunk: Uint8Array): SSEEvent[] {
    const events: SSEEvent[] = [];
    if (chunk.length === 0) return events;
    this.#append(chunk);
    if (!this.#bomChecked) this.#checkBOM(false);
    this.#drain(events);
    if (this.#end - this.#start + this.#data.length > this.#maxEventBytes) throw new ResponseTooLargeError('event', this.#maxEventBytes);
    return events;
  }

  /**
   * Signals end of input: treats unterminated bytes as a last line, dispatches the pending event
   * if it has data, and returns what that produced. The decoder is then reset for a new stream.
   */
  end(): SSEEvent[] {
    const events: SSEEvent[] = [];
    if (!this.#bomChecked) this.#checkBOM(true);
    this.#drain(events);
    if (this.#start < this.#end) this.#line(this.#start, this.#end, events);
    this.#dispatch(events);
    this.#resetCursors();
    this.#skipLF = false;
    this.#bomChecked = false;
    return events;
  }

  /**
   * Work counters since construction, for tests and benchmarks. Units: bytes.
   *
   * - `bytesScanned`: buffer bytes examined while looking for line ends. Only bytes appended since
   *   the last search are examined, so this stays about 1x the input whatever the chunking (a few
   *   bytes per line end can be looked at twice; the bound is 2x).
   * - `bytesCopied`: bytes written into the internal buffer: each input byte once, plus moving an
   *   unfinished line on compaction or growth; at most 4x the input.
   */
  stats(): { bytesScanned: number; bytesCopied: number } {
    return { bytesScanned: this.#bytesScanned, bytesCopied: this.#bytesCopied };
  }

  #resetCursors(): void {
    this.#start = 0;
    this.#end = 0;
    this.#scanned = 0;
  }

  #setBuffer(buffer: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
    this.#buffer = buffer;
    this.#words = new Uint32Array(buffer.buffer);
    return buffer;
  }

  #append(chunk: Uint8Array): void {
    let buffer = this.#buffer;
    const length = chunk.length;
    if (this.#start === this.#end) {
      this.#resetCursors();
      if (buffer.length > SHRINK_ABOVE && length <= INITIAL_CAPACITY) {
        buffer = this.#setBuffer(new Uint8Array(INITIAL_CAPACITY));
      }
    }
    if (this.#end + length > buffer.length) {
      const start = this.#start;
      const live = this.#end - start;
      const needed = live + length;
      if (needed <= buffer.length >>> 1) {
        buffer.copyWithin(0, start, this.#end);
      } else {
        let capacity = buffer.length * 2;
        while (capacity < needed) capacity *= 2;
        const grown = new Uint8Array(capacity);
        grown.set(buffer.subarray(start, this.#end));
        buffer = this.#setBuffer(grown);
      }
      this.#bytesCopied += live;
      this.#start = 0;
      this.#end = live;
      this.#scanned = this.#scanned > start ? this.#scanned - start : 0;
    }
    buffer.set(chunk, this.#end);
    this.#end += length;
    this.#bytesCopied += length;
  }

  #checkBOM(final: boolean): void {
    const buffer = this.#buffer;
    const start = this.#start;
    const available = this.#end - start;
    for (let index = 0; index < BOM.length; index++) {
      if (index === available) {
        if (final) this.#bomChecked = true;
        return;
      }
      if (buffer[start + index] !== BOM[index]) {
        this.#bomChecked = true;
        return;
      }
    }
    this.#start = start + BOM.length;
    this.#bomChecked = true;
  }

  #drain(events: SSEEvent[]): void {
    const buffer = this.#buffer;
    const end = this.#end;
    let position = this.#start;
    if (this.#skipLF && position < end) {
      if (buffer[position] === LF) position++;
      this.#skipLF = false;
    }
    while (position < end) {
      const lineEnd = this.#findLineEnd(this.#scanned > position ? this.#scanned : position, end);
      if (lineEnd === -1) {
        this.#scanned = end;
        break;
      }
      this.#line(position, lineEnd, events);
      position = lineEnd + 1;
      if (buffer[lineEnd] === CR) {
        if (position === end) this.#skipLF = true;
        else if (buffer[position] === LF) position++;
      }
    }
    this.#start = position;
  }

  // First LF or CR in [from, end), or -1. Whole words are tested for either byte at once with the
  // "has a zero byte" trick on word ^ 0x0a0a0a0a and word ^ 0x0d0d0d0d: one pass over the bytes,
  // several times faster than an indexOf for LF plus another for CR.
  #findLineEnd(from: number, end: number): number {
    const buffer = this.#buffer;
    let index = from;
    for (; index < end && (index & 3) !== 0; index++) {
      const byte = buffer[index];
      if (byte === LF || byte === CR) {
        this.#bytesScanned += index + 1 - from;
        return index;
      }
    }
    this.#bytesScanned += index - from;
    if (index === end) return -1;
    const words = this.#words;
    const firstWord = index >>> 2;
    const wordEnd = end >>> 2;
    let word = firstWord;
    for (; word < wordEnd; word++) {
      const value = words[word]!;
      const lf = value ^ 0x0a0a0a0a;
      const cr = value ^ 0x0d0d0d0d;
      if ((((lf - 0x01010101) & ~lf) | ((cr - 0x01010101) & ~cr)) & 0x80808080) break;
    }
    this.#bytesScanned += (word < wordEnd ? word + 1 - firstWord : word - firstWord) << 2;
    for (index = word << 2; index < end; index++) {
      const byte = buffer[index];
      if (byte === LF || byte === CR) {
        this.#bytesScanned += index + 1 - (word << 2);
        return index;
      }
    }
    this.#bytesScanned += end - (word << 2);
    return -1;
  }

  #line(start: number, end: number, events: SSEEvent[]): void {
    if (start === end) {
      this.#dispatch(events);
      return;
    }
    const buffer = this.#buffer;
    if (buffer[start] === COLON) {
      const status = this.#statusComment(start + 1, end);
      if (status !== undefined) {
        if (this.#hasData) this.#dispatch(events);
        this.#status = status;
      }
      return;
    }
    let colon = -1;
    const nameLimit = end - start < 6 ? end : start + 6;
    for (let index = start; index < nameLimit; index++) {
      if (buffer[index] === COLON) {
        colon = index;
        break;
      }
    }
    const nameEnd = colon === -1 ? end : colon;
    if (colon === -1 && end - start > 5) return;
    let valueStart = colon === -1 ? end : colon + 1;
    if (valueStart < end && buffer[valueStart] === SPACE) valueStart++;
    const nameLength = nameEnd - start;
    const first = buffer[start];
    if (
      nameLength === 4 &&
      first === 0x64 &&
      buffer[start + 1] === 0x61 &&
      buffer[start + 2] === 0x74 &&
      buffer[start + 3] === 0x61
    ) {
      const value = this.#text(valueStart, end);
      if (this.#hasData) this.#data = this.#data + '\n' + value;
      else {
        this.#data = value;
        this.#hasData = true;
      }
    } else if (nameLength === 2 && first === 0x69 && buffer[start + 1] === 0x64) {
      if (this.#hasData) this.#dispatch(events);
      this.#id = this.#text(valueStart, end);
    } else if (
      nameLength === 5 &&
      first === 0x65 &&
      buffer[start + 1] === 0x76 &&
      buffer[start + 2] === 0x65 &&
      buffer[start + 3] === 0x6e &&
      buffer[start + 4] === 0x74
    ) {
      if (this.#hasData) this.#dispatch(events);
      this.#event = this.#text(valueStart, end);
    }
  }

  #statusComment(start: number, end: number): number | undefined {
    const buffer = this.#buffer;
    let position = start < end && buffer[start] === SPACE ? start + 1 : start;
    if (end - position !== HTTP_STATUS.length + 3) return undefined;
    for (let index = 0; index < HTTP_STATUS.length; index++) {
      if (buffer[position++] !== HTTP_STATUS[index]) return undefined;
    }
    let status = 0;
    for (; position < end; position++) {
      const digit = buffer[position]! - 0x30;
      if (digit < 0 || digit > 9) return undefined;
      status = status * 10 + digit;
    }
    return status;
  }

  #text(start: number, end: number): string {
    const buffer = this.#buffer;
    if (end - start <= SHORT_TEXT) {
      let text = '';
      for (let index = start; index < end; index++) {
        const byte = buffer[index]!;
        if (byte >= 0x80) return utf8.decode(buffer.subarray(start, end));
        text += String.fromCharCode(byte);
      }
      return text;
    }
    return utf8.decode(buffer.subarray(start, end));
  }

  #dispatch(events: SSEEvent[]): void {
    if (this.#data.length > this.#maxEventBytes) throw new ResponseTooLargeError('event', this.#maxEventBytes);
    if (this.#hasData) {
      const event: SSEEvent = { data: this.#data };
      if (this.#event !== undefined) event.event = this.#event;
      if (this.#id !== undefined) event.id = this.#id;
      if (this.#status !== undefined) event.status = this.#status;
      events.push(event);
    }
    this.#event = undefined;
    this.#id = undefined;
    this.#status = undefined;
    this.#data = '';
    this.#hasData = false;
  }
}

/**
 * Decodes a response body of server-sent events (DashScope native or OpenAI-compatible mode) into
 * {@link SSEEvent}s, with everything {@link SSEDecoder} tolerates. It yields `[DONE]` as ordinary
 * data and does not interpret `event:error` or `status`: that is the caller's job.
 *
 * The body is read with a reader that is always let go of: when iteration stops early (`break`,
 * `return`, a thrown error) or `signal` aborts, the body is cancelled, which closes the HTTP
 * connection; after a complete read the lock is released.
 *
 * @throws the abort reason of `signal` (usually a `DOMException` named `AbortError`) when it
 *   aborts before or during the read; errors of the body stream itself pass through.
 * @example
 * const response = await fetch(url, { method: 'POST', headers, body, signal });
 * for await (const event of decodeSSE(response.body!, signal)) {
 *   if (event.event === 'error') throw new Error(event.data);
 * }
 * @see https://www.alibabacloud.com/help/en/model-studio/stream
 */
export async function* decodeSSE(
  body: ReadableStream<Uint8Array>,
  signal?: AbortSignal,
): AsyncGenerator<SSEEvent> {
  const reader = body.getReader();
  const decoder = new SSEDecoder();
  let completed = false;
  const onAbort = (): void => {
    reader.cancel(signal?.reason).catch(() => undefined);
  };
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    signal?.throwIfAborted();
    for (;;) {
      const { done, value } = await reader.read();
      signal?.throwIfAborted();
      if (done) break;
      for (const event of decoder.push(value)) yield event;
    }
    for (const event of decoder.end()) yield event;
    completed = true;
  } finally {
    signal?.removeEventListener('abort', onAbort);
    if (completed) reader.releaseLock();
    else await reader.cancel(signal?.reason).catch(() => undefined);
  }
}

/**
 * Serialises one event as DashScope frames it, ending with the blank line that closes the event.
 *
 * - `native` (default): `id:N\nevent:NAME\n:HTTP_STATUS/NNN\ndata:...\n\n`, each part only when
 *   set, no space after the colon, as the native API sends it.
 * - `compatible`: `data: ...\n\n` as OpenAI-compatible mode sends it (`id: `/`event: ` lines too if
 *   set; `status` is not written, compatible mode has no status comment).
 *
 * Multi-line data becomes one `data` line per line (`\r\n`, `\r` and `\n` all split, so they come
 * back as `\n`). A value that starts with a space gets the separating space in both styles, so a
 * decoder that strips one space returns it intact.
 *
 * @throws TypeError when `data`, `id` or `event` is not a string, when `id` or `event` contains a
 *   line break, or when `style` is unknown.
 * @throws RangeError when `status` is not an integer from 100 to 999.
 * @example
 * encodeSSE({ id: '1', event: 'result', status: 200, data: '{"output":{}}' });
 * // 'id:1\nevent:result\n:HTTP_STATUS/200\ndata:{"output":{}}\n\n'
 * @see https://www.alibabacloud.com/help/en/model-studio/stream
 */
export function encodeSSE(event: SSEEvent, style: 'native' | 'compatible' = 'native'): string {
  if (style !== 'native' && style !== 'compatible') {
    throw new TypeError(`encodeSSE: unknown style ${JSON.stringify(style)}`);
  }
  const native = style === 'native';
  if (typeof event.data !== 'string') throw new TypeError('encodeSSE: data must be a string');
  let frame = '';
  if (event.id !== undefined) frame += singleLineField('id', event.id, native);
  if (event.event !== undefined) frame += singleLineField('event', event.event, native);
  if (native && event.status !== undefined) {
    const status = event.status;
    if (!Number.isInteger(status) || status < 100 || status > 999) {
      throw new RangeError(`encodeSSE: status must be an integer from 100 to 999, got ${status}`);
    }
    frame += `:HTTP_STATUS/${status}\n`;
  }
  for (const line of event.data.split(/\r\n|\r|\n/)) frame += field('data', line, native);
  return frame + '\n';
}

function singleLineField(name: string, value: string, native: boolean): string {
  if (typeof value !== 'string') throw new TypeError(`encodeSSE: ${name} must be a string`);
  if (/[\r\n]/.test(value)) throw new TypeError(`encodeSSE: ${name} must not contain line breaks`);
  return field(name, value, native);
}

function field(name: string, value: string, native: boolean): string {
  return native && value.charCodeAt(0) !== SPACE ? `${name}:${value}\n` : `${name}: ${value}\n`;
}
