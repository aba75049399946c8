import { describe, expect, it } from 'vitest';
import { checkRequestSize, REQUEST_SIZE_LIMITS } from './check-request-size.js';
import { InputValidationError } from './errors.js';

const MIB = 1024 * 1024;

function bodyWith(text: string): string {
  return JSON.stringify({ model: 'qwen-plus', input: { messages: [{ role: 'user', content: text }] } });
}

function dataUrl(bytes: number): string {
  const prefix = 'data:image/png;base64,';
  return prefix + 'A'.repeat(bytes - prefix.length);
}

function refusal(json: string): InputValidationError | undefined {
  try {
    checkRequestSize(json);
    return undefined;
  } catch (error) {
    if (error instanceof InputValidationError) return error;
    throw error;
  }
}

describe('checkRequestSize', () => {
  it('accepts an ordinary small body', () => {
    expect(refusal(bodyWith('What does npm publish do?'))).toBeUndefined();
  });

  it('accepts a text body just under 16 MiB and refuses one just over, naming bytes and the cap', () => {
    const overhead = bodyWith('').length;
    expect(refusal(bodyWith('a'.repeat(16 * MIB - overhead)))).toBeUndefined();
    const error = refusal(bodyWith('a'.repeat(16 * MIB - overhead + 1)));
    expect(error).toMatchObject({ param: 'body', value: 16 * MIB + 1, limit: REQUEST_SIZE_LIMITS.bodyBytes });
    expect(error?.message).toContain('16.0 MiB');
  });

  it('counts UTF-8 bytes, not characters', () => {
    const overhead = bodyWith('').length;
    const chars = Math.ceil((16 * MIB - overhead) / 3) + 1;
    expect(refusal(bodyWith('界'.repeat(chars)))).toMatchObject({ param: 'body', value: overhead + chars * 3 });
    expect(refusal(bodyWith('界'.repeat(chars - 2)))).toBeUndefined();
  });

  it('allows base64 media beyond 16 MiB up to 64 MiB in all', () => {
    const parts = [dataUrl(15 * MIB), dataUrl(15 * MIB)];
    expect(refusal(JSON.stringify({ content: parts }))).toBeUndefined();
    const tooMany = JSON.stringify({ content: [dataUrl(19 * MIB), dataUrl(19 * MIB), dataUrl(19 * MIB), dataUrl(19 * MIB)] });
    expect(refusal(tooMany)).toMatchObject({ param: 'body', limit: REQUEST_SIZE_LIMITS.base64BodyBytes });
  });

  it('refuses one data: URL over 20 MiB even when the body is under 64 MiB', () => {
    const error = refusal(JSON.stringify({ content: [{ image: dataUrl(20 * MIB + 1) }] }));
    expect(error).toMatchObject({ param: 'body.data_url', value: 20 * MIB + 1, limit: REQUEST_SIZE_LIMITS.base64ItemBytes });
  });

  it('treats a large body whose data: strings are not base64 as a plain body', () => {
    const plain = JSON.stringify({ content: ['data:text/plain,' + 'x'.repeat(17 * MIB)] });
    expect(refusal(plain)).toMatchObject({ param: 'body', limit: REQUEST_SIZE_LIMITS.bodyBytes });
  });
});
