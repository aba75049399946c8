import type { MultimodalContent } from '../../wire/multimodal-embeddings.js';
import { hashTerm } from '../hash-term.js';
import { lexicalEmbedding } from '../lexical-embedding.js';
import { createSeededRandom } from '../seeded-random.js';

/** Weight of the words in a media URL's file name against the media's own noise (cos ≈ 0.8 with a text of the same words). */
const NAME_WEIGHT = 0.8;
const NOISE_WEIGHT = 0.6;
/** Weight of the fusion's own noise in a fused vector, so that it differs from every part, even a single one. */
const FUSION_NOISE_WEIGHT = 0.5;

/** A unit vector of `dimension` deterministic pseudo-random components seeded by `key`. */
export function noiseVector(key: string, dimension: number): number[] {
  const random = createSeededRandom(hashTerm(key));
  return normalize(Array.from({ length: dimension }, () => random() * 2 - 1));
}

/** L2-normalises `vector` and rounds each component to float32 (as {@link lexicalEmbedding} does). */
export function normalize(vector: readonly number[]): number[] {
  const norm = Math.sqrt(vector.reduce((sum, value) => sum + value * value, 0)) || 1;
  return vector.map((value) => Math.fround(value / norm));
}

/** The words a media URL's last path segment carries (`.../red-bicycle.jpg` → `red bicycle`); empty for data: URIs. */
function nameWords(reference: string): string {
  if (reference.startsWith('data:')) return '';
  let path = reference;
  try {
    path = new URL(reference).pathname;
  } catch {
    // not a URL: take the string as a path
  }
  const file = decodeURIComponent(path.split('/').pop() ?? '').replace(/\.[a-z0-9]{2,5}$/i, '');
  return file.replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** What identifies a media element: its URL, or for a data: URI its base64 payload (one-to-one with its bytes). */
export function mediaKey(type: 'image' | 'video', reference: string): string {
  if (!reference.startsWith('data:')) return `${type}:${reference}`;
  const comma = reference.indexOf(',');
  return `${type}:bytes:${reference.slice(comma + 1).replace(/\s+/g, '')}`;
}

/**
 * The emulator's deterministic vector of one content element: a text gets its {@link lexicalEmbedding};
 * an image or video gets noise seeded by its URL or its bytes, blended with the lexical embedding of the
 * words in its file name, so `{ text: 'red bicycle' }` lands near `{ image: 'https://…/red-bicycle.jpg' }`
 * and far from other images. Not a neural model; same element and dimension, same vector.
 */
export function mediaVector(content: MultimodalContent, dimension: number): number[] {
  if ('text' in content) return lexicalEmbedding(content.text, dimension);
  const type = 'image' in content ? 'image' : 'video';
  const reference = 'image' in content ? content.image : content.video;
  const noise = noiseVector(mediaKey(type, reference), dimension);
  const words = nameWords(reference);
  if (words === '') return noise;
  const lexical = lexicalEmbedding(words, dimension);
  return normalize(lexical.map((value, index) => NAME_WEIGHT * value + NOISE_WEIGHT * noise[index]!));
}

/**
 * One fused vector for several elements (`enable_fusion`): the normalised sum of their vectors plus noise
 * seeded by all of them, so it is close to its parts but equal to none of them.
 */
export function fusedVector(contents: readonly MultimodalContent[], dimension: number): number[] {
  const sum = new Array<number>(dimension).fill(0);
  const keys: string[] = [];
  for (const content of contents) {
    const vector = mediaVector(content, dimension);
    vector.forEach((value, index) => (sum[index]! += value));
    keys.push('text' in content ? `text:${content.text}` : mediaKey('image' in content ? 'image' : 'video', 'image' in content ? content.image : content.video));
  }
  const noise = noiseVector(`fusion:${keys.join('\u0000')}`, dimension);
  const scale = Math.sqrt(contents.length) * FUSION_NOISE_WEIGHT;
  return normalize(sum.map((value, index) => value + scale * noise[index]!));
}
