const DATA_URI = /^data:([^,]*?),/i;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/**
 * The decoded size in bytes of a `data:` URI's payload, without decoding it: base64 payloads by their
 * length (whitespace ignored, padding subtracted), others by their characters with each `%XX` escape as
 * one byte. DashScope checks media sizes on the decoded bytes
 * (https://help.aliyun.com/zh/model-studio/multimodal-embedding-api-reference).
 *
 * @returns `undefined` when `value` is not a `data:` URI (a URL the service fetches itself), or
 *   `'invalid'` for a base64 payload with characters outside the base64 alphabet.
 */
export function dataUriBytes(value: string): number | 'invalid' | undefined {
  const header = DATA_URI.exec(value.slice(0, 256));
  if (!header) return undefined;
  const payload = value.slice(header[0].length);
  if (!/;base64$/i.test(header[1] ?? '')) return payload.length - 2 * (payload.match(/%[0-9a-f]{2}/gi)?.length ?? 0);
  const compact = payload.replace(/\s+/g, '');
  if (!BASE64.test(compact)) return 'invalid';
  const padding = compact.endsWith('==') ? 2 : compact.endsWith('=') ? 1 : 0;
  return Math.floor((compact.length * 3) / 4) - padding;
}
