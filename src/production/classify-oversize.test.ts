import { describe, expect, it } from 'vitest';
import { APIConnectionError, createAPIError } from '../core/errors.js';
import { classifyOversize } from './classify-oversize.js';

const error = (status: number, code: string, message: string) => createAPIError({ status, code, message, requestId: 'r', body: {} });

describe('classifyOversize', () => {
  it('reads the row cap from "batch size is invalid"', () => {
    expect(classifyOversize(error(400, 'InvalidParameter', 'Value error, batch size is invalid, it should not be larger than 10.: input.contents'))).toEqual({
      kind: 'batch',
      cap: 10,
    });
  });

  it('reads the token limit from "Range of input length"', () => {
    expect(classifyOversize(error(400, 'InvalidParameter', 'Range of input length should be [1, 8192]'))).toEqual({ kind: 'input_length', maxTokens: 8192 });
  });

  it('recognises a request over its token or document budget', () => {
    const budget = 'Value error, the request has 130000 tokens (query tokens × documents + document tokens), more than the limit of 120000: input';
    expect(classifyOversize(error(400, 'InvalidParameter', budget))).toEqual({ kind: 'request_budget' });
    expect(classifyOversize(error(400, 'InvalidParameter', 'Value error, the number of documents should not be larger than 500: input.documents'))).toEqual({
      kind: 'request_budget',
    });
  });

  it('treats 413 as a body that is too large', () => {
    expect(classifyOversize(error(413, 'RequestTooLarge', 'too large'))).toEqual({ kind: 'body' });
  });

  it('ignores throttles, server errors, other 400s and connection errors', () => {
    expect(classifyOversize(error(429, 'Throttling.RateQuota', 'Requests rate limit exceeded'))).toBeUndefined();
    expect(classifyOversize(error(500, 'InternalError', 'input length'))).toBeUndefined();
    expect(classifyOversize(error(400, 'InvalidParameter', 'dimension should be one of [64, 128]'))).toBeUndefined();
    expect(classifyOversize(new APIConnectionError())).toBeUndefined();
  });
});
