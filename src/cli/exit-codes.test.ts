import { describe, expect, it } from 'vitest';
import { APIConnectionTimeoutError, APIUserAbortError, createAPIError, InputValidationError, ResponseTooLargeError, ResponseValidationError, StreamTruncatedError } from '../index.js';
import { BulkLinesFailedError, InterruptedError, LocalFileError, UsageError } from './cli-errors.js';
import { EXIT_CODES, exitCodeFor } from './exit-codes.js';

function api(status: number, code: string, message = 'x'): Error {
  return createAPIError({ status, code, message, requestId: undefined, body: {} });
}

describe('exitCodeFor', () => {
  it.each([
    ['a usage error', new UsageError('bad'), EXIT_CODES.usage],
    ['input refused before sending', new InputValidationError('bad', 'dimension'), EXIT_CODES.usage],
    ['a rejected key (401)', api(401, 'InvalidApiKey'), EXIT_CODES.auth],
    ['a forbidden model (403)', api(403, 'AccessDenied'), EXIT_CODES.auth],
    ['an invalid parameter (400)', api(400, 'InvalidParameter'), EXIT_CODES.rejected],
    ['content inspection (400)', api(400, 'DataInspectionFailed'), EXIT_CODES.rejected],
    ['an unknown model (404)', api(404, 'ModelNotFound'), EXIT_CODES.rejected],
    ['throttling (429)', api(429, 'Throttling.RateQuota'), EXIT_CODES.rateLimit],
    ['an exhausted free quota', api(429, 'Throttling.AllocationQuota', 'Free allocated quota exceeded.'), EXIT_CODES.rateLimit],
    ['an overdue bill', api(400, 'Arrearage'), EXIT_CODES.rateLimit],
    ['a server error (500)', api(500, 'InternalError'), EXIT_CODES.unavailable],
    ['a timeout', new APIConnectionTimeoutError(), EXIT_CODES.unavailable],
    ['a malformed response', new ResponseValidationError('Unexpected shape', ['x']), EXIT_CODES.unavailable],
    ['a response over the size cap', new ResponseTooLargeError('body', 16 * 1024 * 1024), EXIT_CODES.unavailable],
    ['a truncated stream', new StreamTruncatedError('[DONE]', 3), EXIT_CODES.unavailable],
    ['a missing docs folder', new LocalFileError('missing'), EXIT_CODES.localFile],
    ['a file-system error about a path', Object.assign(new Error("ENOENT: no such file or directory, open '/x/out.jsonl'"), { code: 'ENOENT', path: '/x/out.jsonl' }), EXIT_CODES.localFile],
    ['bulk lines that failed', new BulkLinesFailedError('2 of 3 lines failed'), EXIT_CODES.linesFailed],
    ['Ctrl-C during a request', new APIUserAbortError(), EXIT_CODES.interrupted],
    ['Ctrl-C between requests', new InterruptedError(), EXIT_CODES.interrupted],
    ['anything else', new TypeError('bug'), EXIT_CODES.unexpected],
  ])('gives %s its documented code', (_, error, code) => {
    expect(exitCodeFor(error)).toBe(code);
  });
});
