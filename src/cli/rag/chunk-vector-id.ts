import { createHash } from 'node:crypto';

/**
 * The key a chunk's vector is stored under: SHA-256 (hex, first 40 characters) of model, dimension,
 * text type and the embedded text. Equal text embedded with the same settings gets the same key, so it
 * is embedded once; any other model or dimension gets another key, so vectors never mix.
 */
export function chunkVectorId(model: string, dimension: number, textType: 'document' | 'query', text: string): string {
  return createHash('sha256').update(`${model}\u0000${dimension}\u0000${textType}\u0000${text}`).digest('hex').slice(0, 40);
}
