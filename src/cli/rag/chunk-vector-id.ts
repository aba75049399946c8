import { createHash } from 'node:crypto';

/**
 * The key a chunk's vector is stored under: SHA-256 (hex, first 40 characters) of source (who embeds:
 * a DashScope origin or the built-in emulator), model, dimension, text type and the embedded text. Equal
 * text embedded the same way gets the same key, so it is embedded once; any other source, model or
 * dimension gets another key, so lexical offline vectors never mix with DashScope's.
 */
export function chunkVectorId(source: string, model: string, dimension: number, textType: 'document' | 'query', text: string): string {
  return createHash('sha256').update(`${source}\u0000${model}\u0000${dimension}\u0000${textType}\u0000${text}`).digest('hex').slice(0, 40);
}
