import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { encodeMultipart } from './encode-multipart.js';

/** Statuses whose response has no body (a `Response` refuses one). */
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function responseHeaders(message: IncomingMessage): Headers {
  const headers = new Headers();
  for (const [name, value] of Object.entries(message.headers)) {
    if (Array.isArray(value)) for (const item of value) headers.append(name, item);
    else if (value !== undefined) headers.set(name, value);
  }
  return headers;
}

function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * A `fetch` for the client's `fetch` option on Node that sends multipart uploads without holding them in
 * memory. Node's built-in fetch (undici) keeps the whole request body while sending it: a 267 MiB upload
 * peaked ~290 MiB above baseline on Node 20, 22 and 24 whether the body was a `FormData`, a `Blob` or a
 * `ReadableStream` with `duplex: 'half'` (bench/reports/stream-upload.md). Requests whose body is a
 * `FormData` (`client.files.create`, `uploadFileFromStream`) are therefore encoded by `encodeMultipart`
 * (file parts read 1 MiB at a time from their `Blob`, e.g. `fs.openAsBlob`) and written to `node:http` /
 * `node:https` with backpressure and an exact `content-length`; every other request goes to `base`
 * unchanged. A retry encodes the body again from its first byte.
 *
 * The uploaded request goes over the network to its URL even when `base` is an in-process fetch.
 * Behaves like fetch where the transport relies on it: `init.signal` aborts the request and the response
 * body (rejecting with the signal's reason); a network failure rejects with `TypeError('fetch failed')`
 * carrying the cause; the response body streams.
 *
 * @example
 * const client = new DashScope({ fetch: createStreamingUploadFetch() });
 * await uploadFileFromStream(client, createReadStream('requests.jsonl'), { purpose: 'batch' });
 */
export function createStreamingUploadFetch(base: typeof fetch = (input, init) => fetch(input, init)): typeof fetch {
  return async (input, init) => {
    const body = init?.body;
    if (!(body instanceof FormData) || input instanceof Request) return base(input, init);
    const url = new URL(input instanceof URL ? input.href : input);
    const signal = init?.signal ?? undefined;
    if (signal?.aborted) throw abortReason(signal);
    const encoded = encodeMultipart(body);
    const headers = new Headers(init?.headers);
    headers.set('content-type', encoded.contentType);
    headers.set('content-length', String(encoded.length));
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Response>((resolve, reject) => {
      const outgoing = send(url, { method: init?.method ?? 'POST', headers: Object.fromEntries(headers) });
      let settled = false;
      const fail = (error: unknown): void => {
        signal?.removeEventListener('abort', onAbort);
        if (settled) return;
        settled = true;
        reject(signal?.aborted ? abortReason(signal) : new TypeError('fetch failed', { cause: error }));
      };
      const onAbort = (): void => {
        outgoing.destroy(abortReason(signal as AbortSignal) as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      outgoing.on('error', fail);
      outgoing.on('response', (message) => {
        settled = true;
        const status = message.statusCode ?? 0;
        const stream = NULL_BODY.has(status) ? null : (Readable.toWeb(message) as ReadableStream<Uint8Array>);
        if (!stream) message.resume();
        message.on('close', () => signal?.removeEventListener('abort', onAbort));
        resolve(new Response(stream, { status, statusText: message.statusMessage ?? '', headers: responseHeaders(message) }));
      });
      pipeline(Readable.from(encoded.chunks(), { objectMode: false }), outgoing).catch((error: unknown) => {
        outgoing.destroy(error as Error);
      });
    });
  };
}
