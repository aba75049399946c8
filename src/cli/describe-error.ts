import { CommanderError } from 'commander';
import {
  APIConnectionError,
  APIConnectionTimeoutError,
  APIError,
  APIUserAbortError,
  ArrearsError,
  AuthenticationError,
  ContentInspectionError,
  InputValidationError,
  InternalServerError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExhaustedError,
  RateLimitError,
  ResponseTooLargeError,
  ResponseValidationError,
  StreamIdleTimeoutError,
  StreamTimeoutError,
  StreamTruncatedError,
} from '../index.js';
import { CliError, LocalFileError } from './cli-errors.js';
import { EXIT_CODES, exitCodeFor, isFileSystemError } from './exit-codes.js';

/** Where the failed call went: named in hints (never the key). */
export interface ErrorContext {
  /** Origin the client called, or `undefined` offline. */
  baseURL?: string | undefined;
  region?: string | undefined;
  offline?: boolean | undefined;
}

/** A failure as the CLI reports it: one line, an optional hint, the exit code, and the API fields for `--json`. */
export interface DescribedError {
  /** Error class name, e.g. `AuthenticationError`. */
  type: string;
  message: string;
  hint: string | undefined;
  exitCode: number;
  status?: number;
  code?: string;
  requestId?: string;
}

const BATCH_CAP = /batch size is invalid|not be larger than (\d+)|at most (\d+) texts/i;
const DASHSCOPE_HOST = /(^|\.)aliyuncs\.com$/i;
const INSECURE_OPTION = /\{ allowInsecureHttp: true \}/;
const INSECURE_ADVICE = /Use https, a loopback host, or \{ allowInsecureHttp: true \}\./;
const OFFLINE_TIP = 'or unset DASHSCOPE_API_KEY and DASHSCOPE_BASE_URL to work offline with the built-in emulator';

/** True when `baseURL` is not one of DashScope's own hosts (`*.aliyuncs.com`): a proxy, the emulator, anything else. */
function isCustomHost(baseURL: string | undefined): boolean {
  if (!baseURL) return false;
  try {
    return !DASHSCOPE_HOST.test(new URL(baseURL).hostname);
  } catch {
    return true;
  }
}

function mebibytes(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return Number.isInteger(mib) ? `${mib} MiB` : `${bytes} bytes`;
}

/**
 * Whether the server answered with something that is not DashScope's API: a 2xx body that is not JSON,
 * a stream that is not SSE or whose events are not JSON, a documented shape broken, or a 4xx page that is
 * not JSON. Returns a detail for the hint (`''` when the message already says it), `undefined` if not.
 */
function foreignAnswer(error: unknown): string | undefined {
  if (error instanceof APIConnectionError && error.cause instanceof SyntaxError) return '';
  if (error instanceof ResponseValidationError) return '';
  if (error instanceof APIError && typeof error.body === 'string' && error.status < 500 && ![401, 403, 429].includes(error.status)) {
    return ` (HTTP ${error.status} with a body that is not JSON)`;
  }
  return undefined;
}

function hintFor(error: unknown, context: ErrorContext): string | undefined {
  const where = context.baseURL ?? 'DashScope';
  const custom = isCustomHost(context.baseURL);
  if (error instanceof CliError || error instanceof LocalFileError) return error.hint;
  if (isFileSystemError(error)) return 'Check that the path exists, is the right kind (file or folder) and that you may read or write it.';
  if (error instanceof AuthenticationError) {
    if (custom) {
      return `The server at ${where} refused the key (401). Set DASHSCOPE_API_KEY to a key that server accepts, or unset DASHSCOPE_BASE_URL to call DashScope.`;
    }
    return `${where} (region ${context.region ?? 'cn-beijing'}) rejected the key. Keys are region-bound: a Singapore (international) key fails against Beijing. Set DASHSCOPE_REGION=singapore, beijing or us to match the key, or check DASHSCOPE_API_KEY.`;
  }
  const foreign = foreignAnswer(error);
  if (foreign !== undefined) {
    if (custom) {
      return `The server at ${where} answered something that is not DashScope's API${foreign}. Point DASHSCOPE_BASE_URL at a DashScope origin or at 'dashscope-kit emulator', or unset it to call DashScope.`;
    }
    return `${where} answered something that is not DashScope's documented API${foreign}: a proxy or captive portal in between, or an API change. Retry; if it persists, report it with the request id.`;
  }
  if (error instanceof InputValidationError && error.param === 'baseURL' && INSECURE_OPTION.test(error.message)) {
    return 'Use an https:// DASHSCOPE_BASE_URL; plain http is allowed only to loopback hosts (127.0.0.1, localhost) such as \'dashscope-kit emulator\'. The CLI has no option to send the key unencrypted.';
  }
  if (error instanceof PermissionDeniedError) return 'The key or its workspace has no access to this model: check DASHSCOPE_WORKSPACE and the model permissions in the Model Studio console.';
  if (error instanceof QuotaExhaustedError || error instanceof ArrearsError) return 'The free quota is used up or the bill is overdue: check billing in the Model Studio console.';
  if (error instanceof RateLimitError) return 'DashScope throttled the request (requests or tokens per minute). Wait a minute, lower --concurrency, or ask for a higher quota.';
  if (error instanceof ContentInspectionError) return 'Content moderation blocked the input or output: change the text.';
  if (error instanceof Error && BATCH_CAP.test(error.message)) {
    return 'text-embedding-v3/v4 take at most 10 texts per request (v1/v2: 25); dashscope-kit embed and index batch for you.';
  }
  if (error instanceof NotFoundError) return 'Unknown model or workspace: dashscope-kit models lists the models and the regions that serve them.';
  if (error instanceof InputValidationError) return 'Nothing was sent. See --help for the accepted values (dashscope-kit models shows each model\'s limits).';
  if (error instanceof ResponseTooLargeError) {
    const what = error.part === 'body' ? 'The response body' : 'One server-sent event';
    return `${what} from ${where} passed the ${mebibytes(error.limit)} cap (${error.part === 'body' ? 'maxResponseBytes' : 'maxEventBytes'}), so reading stopped. DashScope's answers are far smaller: check DASHSCOPE_BASE_URL points at DashScope.`;
  }
  if (error instanceof StreamTruncatedError) {
    return `The stream from ${where} ended without its ${error.missing === '[DONE]' ? 'data: [DONE] line' : 'final finish_reason'} after ${error.eventsReceived} events: what was printed is incomplete. Run the command again (resending is safe).`;
  }
  if (error instanceof StreamTimeoutError) {
    return `The stream from ${where} was still open after ${Math.round(error.timeoutMs / 1000)} s (streamTimeout), so it was stopped and the answer is incomplete. Ask for a shorter answer, or retry.`;
  }
  if (error instanceof StreamIdleTimeoutError) {
    return `${where} sent no stream event for 60 s (streamIdleTimeout): the connection stalled. Retry, ${OFFLINE_TIP}.`;
  }
  if (error instanceof APIConnectionTimeoutError) return `${where} did not answer in time. Retry, ${OFFLINE_TIP}.`;
  if (error instanceof APIConnectionError) return `Could not reach ${where}. Check the network and DASHSCOPE_BASE_URL, ${OFFLINE_TIP}.`;
  if (error instanceof InternalServerError) return `${custom ? `The server at ${where}` : 'DashScope'} failed on its side; retry later and quote the request id if it persists.`;
  if (error instanceof APIError) return 'Check the model name and parameters (dashscope-kit models shows each model\'s limits).';
  if (error instanceof APIUserAbortError) return undefined;
  return 'This looks like a bug in dashscope-kit; run again with DEBUG=dashscope-kit for the stack trace and report it.';
}

const FILE_SYSTEM_REASONS: Record<string, string> = {
  ENOENT: 'no such file or folder',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
};

function fileSystemMessage(error: NodeJS.ErrnoException & { path: string }): string {
  return `Cannot use ${error.path}: ${FILE_SYSTEM_REASONS[error.code ?? ''] ?? error.code}.`;
}

/**
 * Turns any error a command throws into what the CLI prints: the message on one line (never the API
 * key: SDK errors do not carry it), a hint for the usual causes (region-bound keys on 401 from DashScope,
 * a refused key from another server, answers that are not DashScope's API, the embedding batch cap,
 * throttling, network, response caps, cut or stalled streams), the exit code of its class, and the API
 * fields. Hints name CLI settings (flags, environment variables), never SDK options.
 */
export function describeError(error: unknown, context: ErrorContext = {}): DescribedError {
  if (error instanceof CommanderError) {
    return { type: 'UsageError', message: error.message.replace(/^error:\s*/, ''), hint: 'See --help for usage and examples.', exitCode: EXIT_CODES.usage };
  }
  const type = error instanceof Error ? error.name : 'Error';
  const raw = isFileSystemError(error) ? fileSystemMessage(error) : error instanceof Error ? error.message : String(error);
  const message = raw.split('\n')[0]?.trim() || type;
  const described: DescribedError = { type, message, hint: hintFor(error, context), exitCode: exitCodeFor(error) };
  if (error instanceof APIUserAbortError) described.message = 'Interrupted.';
  if (error instanceof InputValidationError) described.message = described.message.replace(INSECURE_ADVICE, 'Use https or a loopback host.');
  if (error instanceof APIError) {
    described.status = error.status;
    if (error.code) described.code = error.code;
    if (error.requestId) described.requestId = error.requestId;
  }
  return described;
}
