import type { RerankItem } from '../wire/rerank.js';
import { hashTerm } from './hash-term.js';

function referenceWords(reference: string): string {
  if (reference.startsWith('data:')) {
    const comma = reference.indexOf(',');
    const header = reference.slice(5, comma < 0 ? undefined : comma).replace(/[;/]/g, ' ');
    return `${header} content${hashTerm(reference).toString(36)}`;
  }
  let decoded = reference;
  try {
    decoded = decodeURIComponent(reference);
  } catch {
    decoded = reference;
  }
  return decoded.replace(/^[a-z]+:\/\//i, '').replace(/[^\p{L}\p{N}]+/gu, ' ').replace(/([a-z])([A-Z])/g, '$1 $2').trim();
}

/**
 * The text the emulator's lexical models see for a rerank query or document: the text itself, or for
 * `{image}` / `{video}` items the words of the URL (host, path and file name, so
 * `https://x/cats/black_cat.jpg` reads `x cats black cat jpg`). A `data:` URI becomes its media type
 * plus a content hash, so only identical inline images match each other.
 */
export function rerankItemText(item: string | RerankItem): string {
  if (typeof item === 'string') return item;
  if ('text' in item) return item.text;
  if ('image' in item) return referenceWords(item.image);
  return referenceWords(item.video);
}
