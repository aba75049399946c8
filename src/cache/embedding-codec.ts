import { CorruptEmbeddingRecordError, InvalidEmbeddingInputError } from './errors.js';
import type { SparseEmbeddingEntry, StoredEmbedding } from './embedding-store.js';

const MAGIC_D = 0x44;
const MAGIC_S = 0x53;
const MAGIC_E = 0x45;
const VERSION = 1;
const HEADER_BYTES = 24;
const FLAG_SPARSE = 1;
const FLAG_TOKENS = 2;
const MAX_U32 = 0xffff_ffff;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

const align8 = (n: number): number => (n + 7) & ~7;

/**
 * Serialises a {@link StoredEmbedding} to the binary record used by persistent stores. Layout,
 * all little-endian:
 *
 * | offset | field |
 * |---|---|
 * | 0 | `"DSE"` + format version byte (1) |
 * | 4 | u32 dimension |
 * | 8 | u32 dense length *n* |
 * | 12 | u32 sparse count *s* |
 * | 16 | u16 model byte length *m*; u8 flags (1 = sparse present, 2 = sparse tokens present); u8 0 |
 * | 20 | u32 token JSON byte length *t* |
 * | 24 | model, UTF-8, zero-padded to a multiple of 8 |
 * | … | *n* × float64 dense components, then *s* × float64 sparse values, *s* × u32 sparse indices |
 * | … | *t* bytes: JSON array of sparse tokens (`null` where absent) |
 *
 * Float64 keeps every JavaScript number bit-for-bit, including `-0` and subnormals.
 *
 * @throws {InvalidEmbeddingInputError} when a count does not fit the format (dimension or length
 *   ≥ 2³², model longer than 65,535 UTF-8 bytes, a sparse index that is not an integer in 0..2³²−1).
 */
export function encodeStoredEmbedding(value: StoredEmbedding): Uint8Array {
  const model = encoder.encode(value.model);
  const dense = value.embedding;
  const sparse = value.sparse_embedding;
  const sparseCount = sparse?.length ?? 0;
  const hasTokens = sparse?.some((entry) => entry.token !== undefined) ?? false;
  const tokens = hasTokens ? encoder.encode(JSON.stringify(sparse!.map((entry) => entry.token ?? null))) : new Uint8Array(0);
  if (model.length > 0xffff) throw new InvalidEmbeddingInputError('model name too long to store');
  if (!Number.isInteger(value.dimension) || value.dimension < 0 || value.dimension > MAX_U32) {
    throw new InvalidEmbeddingInputError('dimension does not fit in 32 bits');
  }
  if (dense.length > MAX_U32 || sparseCount > MAX_U32) throw new InvalidEmbeddingInputError('vector too long to store');

  const modelEnd = align8(HEADER_BYTES + model.length);
  const valuesAt = modelEnd + dense.length * 8;
  const indicesAt = valuesAt + sparseCount * 8;
  const tokensAt = indicesAt + sparseCount * 4;
  const bytes = new Uint8Array(tokensAt + tokens.length);
  const view = new DataView(bytes.buffer);
  bytes[0] = MAGIC_D;
  bytes[1] = MAGIC_S;
  bytes[2] = MAGIC_E;
  bytes[3] = VERSION;
  view.setUint32(4, value.dimension, true);
  view.setUint32(8, dense.length, true);
  view.setUint32(12, sparseCount, true);
  view.setUint16(16, model.length, true);
  view.setUint8(18, (sparse ? FLAG_SPARSE : 0) | (hasTokens ? FLAG_TOKENS : 0));
  view.setUint32(20, tokens.length, true);
  bytes.set(model, HEADER_BYTES);
  for (let i = 0; i < dense.length; i++) view.setFloat64(modelEnd + i * 8, dense[i]!, true);
  for (let i = 0; i < sparseCount; i++) {
    const entry = sparse![i]!;
    if (!Number.isInteger(entry.index) || entry.index < 0 || entry.index > MAX_U32) {
      throw new InvalidEmbeddingInputError(`sparse index ${String(entry.index)} is not an integer in 0..${MAX_U32}`);
    }
    view.setFloat64(valuesAt + i * 8, entry.value, true);
    view.setUint32(indicesAt + i * 4, entry.index, true);
  }
  bytes.set(tokens, tokensAt);
  return bytes;
}

/**
 * Parses a record written by {@link encodeStoredEmbedding}. Accepts any `Uint8Array` view
 * (including a Node `Buffer` at an arbitrary `byteOffset` inside a pooled or memory-mapped
 * `ArrayBuffer`): it reads through a `DataView`, so no alignment is assumed, and copies every
 * value out, so the input may be reused afterwards.
 *
 * @throws {CorruptEmbeddingRecordError} on a wrong magic/version, inconsistent lengths or
 *   undecodable model/token bytes.
 */
export function decodeStoredEmbedding(bytes: Uint8Array): StoredEmbedding {
  const corrupt = (why: string): CorruptEmbeddingRecordError =>
    new CorruptEmbeddingRecordError(`embedding record is corrupt or from another format: ${why}`);
  if (bytes.byteLength < HEADER_BYTES) throw corrupt('shorter than the header');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes[0] !== MAGIC_D || bytes[1] !== MAGIC_S || bytes[2] !== MAGIC_E) throw corrupt('bad magic');
  if (bytes[3] !== VERSION) throw corrupt(`unsupported version ${bytes[3]}`);
  const dimension = view.getUint32(4, true);
  const denseLength = view.getUint32(8, true);
  const sparseCount = view.getUint32(12, true);
  const modelLength = view.getUint16(16, true);
  const flags = view.getUint8(18);
  const tokensLength = view.getUint32(20, true);
  const modelEnd = align8(HEADER_BYTES + modelLength);
  const valuesAt = modelEnd + denseLength * 8;
  const indicesAt = valuesAt + sparseCount * 8;
  const tokensAt = indicesAt + sparseCount * 4;
  if (tokensAt + tokensLength !== bytes.byteLength) throw corrupt('length mismatch');
  if (!(flags & FLAG_SPARSE) && sparseCount !== 0) throw corrupt('sparse entries without the sparse flag');
  if (!(flags & FLAG_TOKENS) !== (tokensLength === 0)) throw corrupt('token flag and token bytes disagree');

  let model: string;
  let tokens: unknown = undefined;
  try {
    model = decoder.decode(bytes.subarray(HEADER_BYTES, HEADER_BYTES + modelLength));
    if (flags & FLAG_TOKENS) tokens = JSON.parse(decoder.decode(bytes.subarray(tokensAt, tokensAt + tokensLength)));
  } catch {
    throw corrupt('undecodable model or token bytes');
  }
  if (tokens !== undefined && (!Array.isArray(tokens) || tokens.length !== sparseCount)) throw corrupt('token list length');

  const embedding = new Array<number>(denseLength);
  for (let i = 0; i < denseLength; i++) embedding[i] = view.getFloat64(modelEnd + i * 8, true);
  const result: StoredEmbedding = { model, dimension, embedding };
  if (flags & FLAG_SPARSE) {
    const sparse: SparseEmbeddingEntry[] = new Array(sparseCount);
    for (let i = 0; i < sparseCount; i++) {
      const entry: SparseEmbeddingEntry = {
        index: view.getUint32(indicesAt + i * 4, true),
        value: view.getFloat64(valuesAt + i * 8, true),
      };
      const token = (tokens as unknown[] | undefined)?.[i];
      if (typeof token === 'string') entry.token = token;
      sparse[i] = entry;
    }
    result.sparse_embedding = sparse;
  }
  return result;
}
