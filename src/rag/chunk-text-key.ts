import { createHash } from 'node:crypto';

/**
 * The content key of a chunk: SHA-256 (hex, first 40 characters) of the text that gets embedded. Equal
 * text gets the same key, so it is embedded once per vector set (see `VectorSet`), however many files
 * or runs contain it.
 */
export function chunkTextKey(embedText: string): string {
  return createHash('sha256').update(embedText).digest('hex').slice(0, 40);
}
