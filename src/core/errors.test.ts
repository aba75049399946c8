import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import {
  APIError,
  ArrearsError,
  AuthenticationError,
  BadRequestError,
  ContentInspectionError,
  InternalServerError,
  InvalidParameterError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExhaustedError,
  RateLimitError,
  APIConnectionError,
  APIConnectionTimeoutError,
  APIUserAbortError,
  DashScopeError,
  InputValidationError,
  ResponseTooLargeError,
  ResponseValidationError,
  StreamIdleTimeoutError,
  StreamTimeoutError,
  StreamTruncatedError,
  createAPIError,
  parseErrorBody,
} from './errors.js';
import { EmbeddingCacheError } from '../cache/errors.js';
import { BulkEmbedInterruptedError } from '../production/node/bulk-embed-interrupted-error.js';
import { UnsupportedTokenizerModelError } from '../tokenizer/errors.js';
import { isRetryableError } from './retry.js';

const catalogue: Array<[number, string, string, new (...args: never[]) => APIError, boolean]> = [
  [400, 'InvalidParameter', 'Model not exist.', InvalidParameterError, false],
  [400, 'InvalidParameter.NotSupportEnableThinking', 'thinking', InvalidParameterError, false],
  [400, 'InternalError.Algo.InvalidParameter', 'bad history', InvalidParameterError, false],
  [400, 'invalid_parameter_error', '<400> InternalError.Algo.InvalidParameter: x', InvalidParameterError, false],
  [400, 'DataInspectionFailed', 'Input data may contain inappropriate content.', ContentInspectionError, false],
  [400, 'data_inspection_failed', 'input data may contain inappropriate content', ContentInspectionError, false],
  [400, 'Arrearage', 'Access denied, please make sure your account is in good standing.', ArrearsError, false],
  [400, 'BadRequest.EmptyInput', 'empty', BadRequestError, false],
  [400, 'BadRequest.TooLarge', 'too large', BadRequestError, false],
  [400, 'InvalidURL', 'bad url', BadRequestError, false],
  [400, 'UnsupportedOperation', 'task is not PENDING', BadRequestError, false],
  [400, 'Throttling.AllocationQuota', 'Free allocated quota exceeded.', QuotaExhaustedError, false],
  [401, 'InvalidApiKey', 'Invalid API-key provided.', AuthenticationError, false],
  [401, 'invalid_api_key', 'Incorrect API key provided.', AuthenticationError, false],
  [401, 'NOT AUTHORIZED', 'workspace', AuthenticationError, false],
  [403, 'AccessDenied', 'current user api does not support asynchronous calls', PermissionDeniedError, false],
  [403, 'AccessDenied.Unpurchased', 'not purchased', PermissionDeniedError, false],
  [403, 'Model.AccessDenied', 'no access', PermissionDeniedError, false],
  [403, 'AllocationQuota.FreeTierOnly', 'free tier only', PermissionDeniedError, false],
  [404, 'ModelNotFound', 'Model can not be found.', NotFoundError, false],
  [404, 'model_not_supported', 'Unsupported model x for OpenAI compatibility mode', NotFoundError, false],
  [404, 'WorkSpaceNotFound', 'no workspace', NotFoundError, false],
  [429, 'Throttling', 'Requests throttling triggered.', RateLimitError, true],
  [429, 'Throttling.RateQuota', 'Requests rate limit exceeded, please try again later.', RateLimitError, true],
  [429, 'limit_requests', 'You exceeded your current requests list.', RateLimitError, true],
  [429, 'Throttling.BurstRate', 'Request rate increased too quickly.', RateLimitError, true],
  [429, 'limit_burst_rate', 'burst', RateLimitError, true],
  [429, 'Throttling.AllocationQuota', 'Allocated quota exceeded, please increase your quota limit.', RateLimitError, true],
  [429, 'insufficient_quota', 'You exceeded your current quota, please check your plan and billing details.', RateLimitError, true],
  [429, 'Throttling.AllocationQuota', 'Free allocated quota exceeded.', QuotaExhaustedError, false],
  [429, 'CommodityNotPurchased', 'not purchased', QuotaExhaustedError, false],
  [429, 'PrepaidBillOverdue', 'overdue', ArrearsError, false],
  [429, 'PostpaidBillOverdue', 'overdue', ArrearsError, false],
  [500, 'InternalError', 'An internal error has occured, please try again later.', InternalServerError, true],
  [500, 'InternalError.Algo', 'Request rejected by inference engine', InternalServerError, true],
  [500, 'InternalError.Timeout', 'async task timed out', InternalServerError, false],
  [500, 'SystemError', 'system error', InternalServerError, true],
  [500, 'ModelServiceFailed', 'failed', InternalServerError, true],
  [500, 'RequestTimeOut', 'Request timed out', InternalServerError, true],
  [503, 'ModelServingError', 'Too many requests', InternalServerError, true],
  [503, 'ModelUnavailable', 'unavailable', InternalServerError, true],
  [500, 'internal_error', 'internal', InternalServerError, true],
];

describe('createAPIError', () => {
  it.each(catalogue)('maps %i %s to the documented class and retryability', (status, code, message, expectedClass, retryable) => {
    const error = createAPIError({ status, code, message, requestId: 'req-1', body: { code, message } });
    expect(error).toBeInstanceOf(expectedClass);
    expect(error.constructor).toBe(expectedClass);
    expect(error.isRetryable).toBe(retryable);
    expect(error.status).toBe(status);
    expect(error.code).toBe(code);
    expect(error.requestId).toBe('req-1');
    expect(error.message).toContain(message);
  });

  it('classifies throttles by the quota that tripped', () => {
    const dimension = (code: string, message = '') => (createAPIError({ status: 429, code, message, requestId: undefined, body: {} }) as RateLimitError).dimension;
    expect(dimension('Throttling.RateQuota')).toBe('requests');
    expect(dimension('limit_requests')).toBe('requests');
    expect(dimension('Throttling.AllocationQuota')).toBe('tokens');
    expect(dimension('insufficient_quota')).toBe('tokens');
    expect(dimension('Throttling.BurstRate')).toBe('burst');
    expect(dimension('Throttling', 'Requests throttling triggered.')).toBe('requests');
  });

  it('treats 408 and 409 as retryable and an unknown 418 as final', () => {
    expect(createAPIError({ status: 408, code: undefined, message: 't', requestId: undefined, body: '' }).isRetryable).toBe(true);
    expect(createAPIError({ status: 409, code: undefined, message: 't', requestId: undefined, body: '' }).isRetryable).toBe(true);
    expect(createAPIError({ status: 418, code: undefined, message: 't', requestId: undefined, body: '' }).isRetryable).toBe(false);
  });
});

describe('parseErrorBody', () => {
  it('reads the native envelope', () => {
    expect(parseErrorBody({ code: 'InvalidApiKey', message: 'Invalid API-key provided.', request_id: 'abc' })).toEqual({
      code: 'InvalidApiKey',
      message: 'Invalid API-key provided.',
      requestId: 'abc',
    });
  });

  it('reads the compatible envelope with the request id beside it', () => {
    const body = { error: { message: 'Incorrect API key provided.', type: 'invalid_request_error', param: null, code: 'invalid_api_key' }, request_id: 'r-2' };
    expect(parseErrorBody(body)).toEqual({ code: 'invalid_api_key', message: 'Incorrect API key provided.', requestId: 'r-2' });
  });

  it('falls back to the type when a compatible error has no code', () => {
    expect(parseErrorBody({ error: { message: 'm', type: 'limit_requests' } }).code).toBe('limit_requests');
  });

  it('keeps a gateway HTML body as an Unknown error', () => {
    expect(parseErrorBody('<html>502 Bad Gateway</html>')).toEqual({ code: 'Unknown', message: '<html>502 Bad Gateway</html>', requestId: undefined });
  });
});

describe('error serialisation', () => {
  it('carries the raw body and prints status, code and request id', () => {
    const body = { code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded', request_id: 'rid' };
    const error = createAPIError({ status: 429, ...parseErrorBody(body), body });
    expect(error.body).toEqual(body);
    expect(String(error)).toBe('RateLimitError: 429 Throttling.RateQuota: Requests rate limit exceeded (request_id rid)');
    expect(inspect(error)).toContain('request_id rid');
  });
});

describe('isRetryable on every error class', () => {
  const init = { status: 500, code: 'InternalError', message: 'x', requestId: undefined, body: undefined };
  const cases: Array<[string, DashScopeError, boolean]> = [
    ['APIError (retryable 5xx)', createAPIError(init), true],
    ['APIError (400)', createAPIError({ ...init, status: 400, code: 'InvalidParameter' }), false],
    ['APIConnectionError', new APIConnectionError(), true],
    ['APIConnectionTimeoutError', new APIConnectionTimeoutError(), true],
    ['StreamIdleTimeoutError', new StreamIdleTimeoutError('idle'), true],
    ['StreamTruncatedError', new StreamTruncatedError('[DONE]', 3), true],
    ['StreamTimeoutError', new StreamTimeoutError(1_000), false],
    ['ResponseTooLargeError', new ResponseTooLargeError('body', 16), false],
    ['APIUserAbortError', new APIUserAbortError(), false],
    ['ResponseValidationError', new ResponseValidationError('bad', ['output: missing']), false],
    ['InputValidationError', new InputValidationError('bad', 'model'), false],
    ['EmbeddingCacheError', new EmbeddingCacheError('cache'), false],
    ['UnsupportedTokenizerModelError', new UnsupportedTokenizerModelError('deepseek-v3'), false],
    ['BulkEmbedInterruptedError', new BulkEmbedInterruptedError(7, new APIConnectionError()), true],
  ];

  it.each(cases)('%s is a DashScopeError with isRetryable %s', (_name, error, retryable) => {
    expect(error).toBeInstanceOf(DashScopeError);
    expect(error.isRetryable).toBe(retryable);
    expect(isRetryableError(error)).toBe(retryable);
  });

  it('treats errors from outside the tree as final', () => {
    expect(isRetryableError(new TypeError('fetch failed'))).toBe(false);
  });
});
