import { CommanderError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  APIConnectionError,
  APIUserAbortError,
  createAPIError,
  InputValidationError,
  ResponseTooLargeError,
  ResponseValidationError,
  StreamIdleTimeoutError,
  StreamTimeoutError,
  StreamTruncatedError,
} from '../index.js';
import { startEmulatorServer } from '../test-support/emulator-server.js';
import { runCliCaptured } from '../test-support/run-cli-captured.js';
import { LocalFileError } from './cli-errors.js';
import { describeError } from './describe-error.js';

async function runAgainst(argv: string[], env: Record<string, string>, options: Parameters<typeof startEmulatorServer>[0]) {
  const server = await startEmulatorServer(options);
  try {
    return { url: server.url, run: await runCliCaptured(argv, { env: { NO_COLOR: '1', ...server.env, ...env } }) };
  } finally {
    await server.close();
  }
}

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

  it('says the server at a custom base URL refused the key, without talking about regions, exit 3', async () => {
    const { url, run } = await runAgainst(['embed', 'hello'], { DASHSCOPE_API_KEY: 'sk-test-wrong' }, { apiKeys: ['sk-test-right'] });
    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`hint: The server at ${url} refused the key (401).`);
    expect(run.stderr).not.toMatch(/region|Singapore/i);
  });

  it('keeps the region-bound explanation for a 401 from a DashScope host', () => {
    const error = createAPIError({ status: 401, code: 'InvalidApiKey', message: 'Invalid API-key provided.', requestId: undefined, body: {} });
    expect(describeError(error, { baseURL: 'https://dashscope-intl.aliyuncs.com', region: 'ap-southeast-1' }).hint).toContain('region ap-southeast-1');
  });

  it.each([
    ['embed', ['embed', 'hello'], 'garbage-body'],
    ['chat', ['chat', 'hello'], 'garbage-body'],
    ['rerank', ['rerank', 'q', 'a', 'b'], 'truncated-json'],
  ] as const)('says a server whose %s answer is not JSON answered something that is not DashScope\'s API, exit 6', async (_, argv, fault) => {
    const { url, run } = await runAgainst([...argv], {}, { faults: { sequence: [fault], loop: true } });
    expect(run.code).toBe(6);
    expect(run.stderr).toContain(`hint: The server at ${url} answered something that is not DashScope's API.`);
    expect(run.stderr).not.toMatch(/network|could not reach/i);
  });

  it('calls an HTML error page from a custom host not DashScope\'s API and a broken shape from DashScope a proxy or API change', () => {
    const page = createAPIError({ status: 404, code: 'Unknown', message: '<html>Not Found</html>', requestId: undefined, body: '<html>Not Found</html>' });
    expect(describeError(page, { baseURL: 'https://llm-proxy.example.com' }).hint).toContain("The server at https://llm-proxy.example.com answered something that is not DashScope's API (HTTP 404 with a body that is not JSON)");
    const shape = new ResponseValidationError('Unexpected embedding response shape', ['output.embeddings: expected array'], 'r9');
    expect(describeError(shape, { baseURL: 'https://dashscope.aliyuncs.com' })).toMatchObject({ exitCode: 6, hint: expect.stringContaining('proxy or captive portal') });
  });

  it('never advises the SDK option allowInsecureHttp and says to use https, exit 2', async () => {
    const run = await runCliCaptured(['embed', 'hello'], { env: { NO_COLOR: '1', DASHSCOPE_API_KEY: 'sk-test-http', DASHSCOPE_BASE_URL: 'http://llm-proxy.example.com' } });
    expect(run.code).toBe(2);
    expect(run.stderr).not.toContain('allowInsecureHttp');
    expect(run.stderr).toContain('dashscope-kit: Refusing plain http:// to llm-proxy.example.com: the API key would travel unencrypted. Use https or a loopback host.');
    expect(run.stderr).toContain('hint: Use an https:// DASHSCOPE_BASE_URL');
  });

  it('maps a response over the size cap to exit 6 and names the cap', () => {
    expect(describeError(new ResponseTooLargeError('body', 16 * 1024 * 1024), { baseURL: 'https://llm-proxy.example.com' })).toMatchObject({
      type: 'ResponseTooLargeError',
      exitCode: 6,
      hint: expect.stringContaining('passed the 16 MiB cap (maxResponseBytes)'),
    });
    expect(describeError(new ResponseTooLargeError('event', 1000)).hint).toContain('passed the 1000 bytes cap (maxEventBytes)');
  });

  it('explains a truncated stream, a stream over its deadline and an idle stream, exit 6', () => {
    const context = { baseURL: 'https://dashscope.aliyuncs.com' };
    expect(describeError(new StreamTruncatedError('finish_reason', 4), context)).toMatchObject({
      exitCode: 6,
      hint: expect.stringContaining('ended without its final finish_reason after 4 events: what was printed is incomplete'),
    });
    expect(describeError(new StreamTimeoutError(1_800_000), context)).toMatchObject({ exitCode: 6, hint: expect.stringContaining('still open after 1800 s (streamTimeout)') });
    expect(describeError(new StreamIdleTimeoutError('idle'), context)).toMatchObject({ exitCode: 6, hint: expect.stringContaining('no stream event for 60 s (streamIdleTimeout)') });
  });

  it('reports a Node file-system error as a local file problem naming the path, exit 7, not as a bug', () => {
    const error = Object.assign(new Error("EISDIR: illegal operation on a directory, read"), { code: 'EISDIR', path: '/work/out' });
    expect(describeError(error)).toMatchObject({ message: 'Cannot use /work/out: it is a folder, not a file.', exitCode: 7, hint: expect.not.stringContaining('bug') });
  });
});
