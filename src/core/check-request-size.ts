import { InputValidationError } from './errors.js';

const MIB = 1024 * 1024;

/**
 * The DashScope gateway's request-size caps, bytes of the JSON body as sent. Over them the gateway
 * answers HTTP 413. Source: https://help.aliyun.com/zh/model-studio/rate-limit (request limits).
 */
export const REQUEST_SIZE_LIMITS = {
  /** A body without base64 media: 16 MiB. */
  bodyBytes: 16 * MIB,
  /** One base64 item (a `data:…;base64,…` URL): 20 MiB. */
  base64ItemBytes: 20 * MIB,
  /** A body that carries base64 media: 64 MiB. */
  base64BodyBytes: 64 * MIB,
} as const;

const DATA_URL = '"data:';
/** How far into a `data:` URL its `;base64,` marker is looked for (media type and parameters). */
const MEDIA_TYPE_CHARS = 256;

function utf8Bytes(text: string): number {
  let bytes = text.length;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff) {
      bytes += 2;
      index++;
    } else bytes += 2;
  }
  return bytes;
}

function mib(bytes: number): string {
  return `${(bytes / MIB).toFixed(1)} MiB`;
}

/**
 * Refuses a serialized JSON request body that the gateway would answer with 413 (see
 * {@link REQUEST_SIZE_LIMITS}): over 16 MiB without base64 media, a single `data:` URL over 20 MiB, or
 * over 64 MiB with base64 media. A body whose UTF-16 length cannot reach 16 MiB of UTF-8 skips the byte
 * count; base64 items are found as JSON strings starting with `data:`. Sizes are in bytes.
 *
 * @param json the body exactly as it will be sent (`JSON.stringify` output).
 * @throws InputValidationError (`param` `body`, or `body.data_url` for one item; `value` the size in
 *   bytes; `limit` the cap in bytes) before anything is sent.
 */
export function checkRequestSize(json: string): void {
  const fitsAnyway = json.length * 3 <= REQUEST_SIZE_LIMITS.bodyBytes;
  let start = json.indexOf(DATA_URL);
  if (fitsAnyway && start < 0) return;
  let hasMedia = false;
  while (start >= 0) {
    const end = json.indexOf('"', start + 1);
    const itemBytes = (end < 0 ? json.length : end) - start - 1;
    if (json.slice(start, Math.min(end < 0 ? json.length : end, start + MEDIA_TYPE_CHARS)).includes(';base64,')) hasMedia = true;
    if (itemBytes > REQUEST_SIZE_LIMITS.base64ItemBytes) {
      throw new InputValidationError(
        `A data: URL of ${mib(itemBytes)} is over DashScope's 20 MiB cap for one base64 item (the gateway answers 413): pass a file URL (https:// or oss://) instead.`,
        'body.data_url',
        { value: itemBytes, limit: REQUEST_SIZE_LIMITS.base64ItemBytes },
      );
    }
    if (end < 0) break;
    start = json.indexOf(DATA_URL, end + 1);
  }
  if (fitsAnyway) return;
  const bytes = utf8Bytes(json);
  const limit = hasMedia ? REQUEST_SIZE_LIMITS.base64BodyBytes : REQUEST_SIZE_LIMITS.bodyBytes;
  if (bytes > limit) {
    const what = hasMedia ? 'a request with base64 media' : 'a request without base64 media';
    throw new InputValidationError(
      `The request body is ${mib(bytes)}, over DashScope's ${mib(limit)} cap for ${what} (the gateway answers 413): split the input across requests or pass media by URL.`,
      'body',
      { value: bytes, limit },
    );
  }
}
