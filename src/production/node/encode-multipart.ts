/** Bytes read from a file part per step: memory holds about one of these per upload in flight. */
const SLICE_BYTES = 1 << 20;

/** A `multipart/form-data` body produced piece by piece: its header value, exact length and bytes. */
export interface EncodedMultipart {
  /** `multipart/form-data; boundary=…`, the request's `content-type`. */
  contentType: string;
  /** Exact body length in bytes (the request's `content-length`). */
  length: number;
  /** The body's bytes, file parts read 1 MiB at a time with `Blob.slice()`; a fresh iteration starts again from the first byte. */
  chunks(): AsyncGenerator<Uint8Array, void, undefined>;
}

const encoder = new TextEncoder();

/** Escapes a part name or filename as the HTML form encoding does (`"` CR LF percent-encoded). */
function quoted(value: string): string {
  return value.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `----dashscope-kit-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

type Piece = Uint8Array | Blob;

/**
 * Encodes a `FormData` as `multipart/form-data` (RFC 7578, as browsers and undici write it) without reading
 * its files: string fields (line breaks normalised to CRLF) are encoded up front, file parts stay `Blob`s
 * (a file-backed `fs.openAsBlob` keeps them on disk) and are read slice by slice while the body is sent, so
 * sending a 500 MB file holds ~1 MiB of it at a time. The length is known before the first byte, so the
 * body goes with a `content-length` rather than chunked encoding.
 */
export function encodeMultipart(form: FormData, boundary = randomBoundary()): EncodedMultipart {
  const pieces: Piece[] = [];
  for (const [name, value] of form.entries()) {
    if (typeof value === 'string') {
      pieces.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"\r\n\r\n${value.replace(/\r?\n|\r/g, '\r\n')}\r\n`));
    } else {
      const type = value.type || 'application/octet-stream';
      pieces.push(encoder.encode(`--${boundary}\r\nContent-Disposition: form-data; name="${quoted(name)}"; filename="${quoted(value.name)}"\r\nContent-Type: ${type}\r\n\r\n`));
      pieces.push(value, encoder.encode('\r\n'));
    }
  }
  pieces.push(encoder.encode(`--${boundary}--\r\n`));
  const length = pieces.reduce((sum, piece) => sum + (piece instanceof Blob ? piece.size : piece.byteLength), 0);
  return {
    contentType: `multipart/form-data; boundary=${boundary}`,
    length,
    async *chunks() {
      for (const piece of pieces) {
        if (!(piece instanceof Blob)) {
          yield piece;
          continue;
        }
        for (let offset = 0; offset < piece.size; offset += SLICE_BYTES) {
          yield new Uint8Array(await piece.slice(offset, Math.min(offset + SLICE_BYTES, piece.size)).arrayBuffer());
        }
      }
    },
  };
}
