import { describe, expect, it } from 'vitest';
import { encodeMultipart } from './encode-multipart.js';

async function bytesOf(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array<ArrayBuffer>> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return new Uint8Array(await new Blob(parts as Uint8Array<ArrayBuffer>[]).arrayBuffer());
}

describe('encodeMultipart', () => {
  it('writes a body that a multipart parser reads back field for field, with the exact length', async () => {
    const form = new FormData();
    form.append('purpose', 'batch');
    const file = new Uint8Array(1.5 * (1 << 20) + 17);
    for (let index = 0; index < file.length; index++) file[index] = index % 251;
    form.append('file', new Blob([file], { type: 'application/jsonl' }), 'my "requests".jsonl');
    const encoded = encodeMultipart(form);
    const body = await bytesOf(encoded.chunks());
    expect(body.byteLength).toBe(encoded.length);
    const parsed = await new Response(body, { headers: { 'content-type': encoded.contentType } }).formData();
    expect(parsed.get('purpose')).toBe('batch');
    const part = parsed.get('file') as File;
    expect(part.name).toBe('my "requests".jsonl');
    expect(part.type).toBe('application/jsonl');
    expect(Buffer.from(await part.arrayBuffer()).equals(file)).toBe(true);
  });

  it('reads file parts in slices of at most 1 MiB, and starts again from the first byte on each iteration (a retry)', async () => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(2.5 * (1 << 20))]), 'x.bin');
    const encoded = encodeMultipart(form, 'b');
    const sizes: number[] = [];
    for await (const chunk of encoded.chunks()) sizes.push(chunk.byteLength);
    expect(Math.max(...sizes)).toBe(1 << 20);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(encoded.length);
    expect((await bytesOf(encoded.chunks())).byteLength).toBe(encoded.length);
  });

  it('normalises line breaks of string fields to CRLF, as the form encoding requires', async () => {
    const form = new FormData();
    form.append('note', 'a\nb\rc\r\nd');
    const encoded = encodeMultipart(form, 'B');
    const text = new TextDecoder().decode(await bytesOf(encoded.chunks()));
    expect(text).toBe('--B\r\nContent-Disposition: form-data; name="note"\r\n\r\na\r\nb\r\nc\r\nd\r\n--B--\r\n');
  });
});
