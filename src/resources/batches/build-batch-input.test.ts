import { describe, expect, it } from 'vitest';
import { readFixture } from '../../test-support/fixtures.js';
import { BatchInputError } from './batch-input-error.js';
import { BATCH_INPUT_LIMITS, buildBatchInput } from './build-batch-input.js';

const chat = (id: string, model = 'qwen-plus', content = 'hi') => ({ custom_id: id, body: { model, messages: [{ role: 'user', content }] } });

describe('buildBatchInput', () => {
  it('writes the documented input line format, byte for byte', () => {
    const input = buildBatchInput('/v1/chat/completions', [
      chat('req-1', 'qwen-plus', 'Summarize quantum computing in two sentences.'),
      chat('req-2', 'qwen-plus', 'What is 2+2?'),
    ]);
    expect(input.jsonl).toBe(readFixture('batch-compatible-input-example-doc.jsonl'));
    expect(input).toMatchObject({ lines: 2, model: 'qwen-plus', bytes: new TextEncoder().encode(input.jsonl).byteLength });
  });

  it('refuses a repeated custom_id with the line it is on', () => {
    expect(() => buildBatchInput('/v1/chat/completions', [chat('a'), chat('b'), chat('a')])).toThrow(expect.objectContaining({ code: 'duplicate_custom_id', line: 3 }));
  });

  it('refuses a second model in the same file', () => {
    const error = (() => {
      try {
        buildBatchInput('/v1/chat/completions', [chat('a'), chat('b', 'qwen-max')]);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(BatchInputError);
    expect(error).toMatchObject({ code: 'mismatched_model', line: 2, value: 'qwen-max' });
  });

  it('checks the dry-run caps and model', () => {
    const many = Array.from({ length: 101 }, (_, index) => chat(String(index), 'batch-test-model'));
    expect(() => buildBatchInput('/v1/chat/ds-test', many)).toThrow(expect.objectContaining({ code: 'too_many_lines', line: 101 }));
    expect(() => buildBatchInput('/v1/chat/ds-test', [chat('a')])).toThrow(expect.objectContaining({ code: 'mismatched_model' }));
    expect(buildBatchInput('/v1/chat/ds-test', many.slice(0, 100)).lines).toBe(BATCH_INPUT_LIMITS.dryRun.maxLines);
  });

  it('refuses a line over 6 MB and an empty request list', () => {
    const big = chat('a', 'qwen-plus', 'x'.repeat(BATCH_INPUT_LIMITS.maxLineBytes));
    expect(() => buildBatchInput('/v1/chat/completions', [big])).toThrow(expect.objectContaining({ code: 'line_too_large', line: 1 }));
    expect(() => buildBatchInput('/v1/embeddings', [])).toThrow(expect.objectContaining({ code: 'invalid_request' }));
  });
});
