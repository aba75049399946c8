import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import { APIConnectionError, APIUserAbortError, createAPIError, InputValidationError } from '../index.js';
import { LocalFileError } from './cli-errors.js';
import { describeError } from './describe-error.js';

describe('describeError', () => {
  it('explains a 401 as a region-bound key and names the host and region, exit 3', () => {
    const error = createAPIError({ status: 401, code: 'InvalidApiKey', message: 'Invalid API-key provided.', requestId: 'r1', body: {} });
    const described = describeError(error, { baseURL: 'https://dashscope.aliyuncs.com', region: 'cn-beijing' });
    expect(described).toMatchObject({ type: 'AuthenticationError', exitCode: 3, status: 401, code: 'InvalidApiKey', requestId: 'r1' });
    expect(described.hint).toContain('Singapore');
    expect(described.hint).toContain('https://dashscope.aliyuncs.com');
  });

  it('points at batching when DashScope rejects a batch over the cap, exit 4', () => {
    const error = createAPIError({
      status: 400,
      code: 'InvalidParameter',
      message: 'batch size is invalid, it should not be larger than 10.',
      requestId: undefined,
      body: {},
    });
    expect(describeError(error)).toMatchObject({ exitCode: 4, hint: expect.stringContaining('at most 10 texts') });
  });

  it('maps throttling to exit 5, network errors to 6, local files to 7 and Ctrl-C to 130', () => {
    const throttled = createAPIError({ status: 429, code: 'Throttling.RateQuota', message: 'Requests rate limit exceeded', requestId: undefined, body: {} });
    expect(describeError(throttled).exitCode).toBe(5);
    expect(describeError(new APIConnectionError()).exitCode).toBe(6);
    expect(describeError(new LocalFileError('Docs folder not found: x', 'Pass --docs.'))).toMatchObject({ exitCode: 7, hint: 'Pass --docs.' });
    expect(describeError(new APIUserAbortError())).toMatchObject({ exitCode: 130, message: 'Interrupted.' });
  });

  it('treats bad input and bad flags as usage errors, exit 2', () => {
    expect(describeError(new InputValidationError('dimension 7 is not allowed', 'dimension')).exitCode).toBe(2);
    const commander = new CommanderError(1, 'commander.unknownOption', "error: unknown option '--nope'");
    expect(describeError(commander)).toMatchObject({ exitCode: 2, message: "unknown option '--nope'" });
  });

  it('keeps only the first line of a message and calls anything unknown a bug, exit 1', () => {
    expect(describeError(new Error('first\nsecond'))).toMatchObject({ message: 'first', exitCode: 1, hint: expect.stringContaining('bug') });
  });

  it('reports a Node file-system error as a local file problem naming the path, exit 7, not as a bug', () => {
    const error = Object.assign(new Error("EISDIR: illegal operation on a directory, read"), { code: 'EISDIR', path: '/work/out' });
    expect(describeError(error)).toMatchObject({ message: 'Cannot use /work/out: it is a folder, not a file.', exitCode: 7, hint: expect.not.stringContaining('bug') });
  });
});
