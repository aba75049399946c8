import { describe, expect, it } from 'vitest';
import { decodeStoredEmbedding, encodeStoredEmbedding } from './embedding-codec.js';
import { CorruptEmbeddingRecordError, InvalidEmbeddingInputError } from './errors.js';
import type { StoredEmbedding } from './embedding-store.js';

const bits = (values: number[]): bigint[] => Array.from(new BigUint64Array(Float64Array.from(values).buffer));

const edgeValues = [-0, 0, 5e-324, -5e-324, 1e-310, 2.2250738585072014e-308, Number.MAX_VALUE, -Number.MIN_VALUE, 0.1 + 0.2, -1, 1 / 3];

describe('encodeStoredEmbedding / decodeStoredEmbedding', () => {
  it('round-trips a dense vector bit for bit, including -0 and subnormals', () => {
    const value: StoredEmbedding = { model: 'text-embedding-v4', dimension: edgeValues.length, embedding: edgeValues };
    const back = decodeStoredEmbedding(encodeStoredEmbedding(value));
    expect(back.model).toBe('text-embedding-v4');
    expect(back.dimension).toBe(edgeValues.length);
    expect(bits(back.embedding)).toEqual(bits(edgeValues));
    expect(back.sparse_embedding).toBeUndefined();
  });

  it('round-trips a sparse vector with and without tokens', () => {
    const value: StoredEmbedding = {
      model: 'text-embedding-v3',
      dimension: 2,
      embedding: [-0.006929283495992422, -0.005336422007530928],
      sparse_embedding: [
        { index: 7149, value: 0.829, token: 'wind' },
        { index: 111290, value: -0, token: '风' },
        { index: 0, value: 5e-324 },
      ],
    };
    const back = decodeStoredEmbedding(encodeStoredEmbedding(value));
    expect(back).toEqual(value);
    expect(Object.is(back.sparse_embedding![1]!.value, -0)).toBe(true);
    const noTokens: StoredEmbedding = { model: 'm', dimension: 0, embedding: [], sparse_embedding: [{ index: 3, value: 0.5 }] };
    expect(decodeStoredEmbedding(encodeStoredEmbedding(noTokens))).toEqual(noTokens);
  });

  it('decodes a record sitting at an odd byteOffset inside a larger buffer', () => {
    const value: StoredEmbedding = { model: 'qwen', dimension: 3, embedding: [1.5, -0, 1e-320] };
    const record = encodeStoredEmbedding(value);
    const pool = Buffer.alloc(record.length + 11, 0xaa);
    pool.set(record, 3);
    const view = pool.subarray(3, 3 + record.length);
    expect(view.byteOffset % 8).not.toBe(0);
    expect(bits(decodeStoredEmbedding(view).embedding)).toEqual(bits(value.embedding));
  });

  it('round-trips random bit patterns exactly', () => {
    const raw = new BigUint64Array(2048);
    crypto.getRandomValues(raw);
    const values = Array.from(new Float64Array(raw.buffer)).filter((x) => !Number.isNaN(x));
    const back = decodeStoredEmbedding(encodeStoredEmbedding({ model: 'm', dimension: values.length, embedding: values }));
    expect(bits(back.embedding)).toEqual(bits(values));
  });

  it('rejects truncated, foreign and future-version records', () => {
    const record = encodeStoredEmbedding({ model: 'm', dimension: 2, embedding: [1, 2] });
    expect(() => decodeStoredEmbedding(record.subarray(0, record.length - 1))).toThrow(CorruptEmbeddingRecordError);
    expect(() => decodeStoredEmbedding(new TextEncoder().encode('{"embedding":[1,2]} padding....'))).toThrow(
      CorruptEmbeddingRecordError,
    );
    const future = record.slice();
    future[3] = 2;
    expect(() => decodeStoredEmbedding(future)).toThrow(/version/);
  });

  it('refuses a sparse index that does not fit an unsigned 32-bit integer', () => {
    const value: StoredEmbedding = { model: 'm', dimension: 0, embedding: [], sparse_embedding: [{ index: -1, value: 1 }] };
    expect(() => encodeStoredEmbedding(value)).toThrow(InvalidEmbeddingInputError);
  });
});
