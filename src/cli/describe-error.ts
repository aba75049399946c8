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
  ResponseValidationError,
} from '../index.js';
import { CliError } from './cli-errors.js';
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

function hintFor(error: unknown, context: ErrorContext): string | undefined {
  const where = context.baseURL ?? 'DashScope';
  if (error instanceof CliError) return error.hint;
  if (isFileSystemError(error)) return 'Check that the path exists, is the right kind (file or folder) and that you may read or write it.';
  if (error instanceof AuthenticationError) {
    return `${where} (region ${context.region ?? 'cn-beijing'}) rejected the key. Keys are region-bound: a Singapore (international) key fails against Beijing. Set DASHSCOPE_REGION=singapore, beijing or us to match the key, or check DASHSCOPE_API_KEY.`;
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
  if (error instanceof APIConnectionTimeoutError) return `${where} did not answer in time. Retry, or unset DASHSCOPE_API_KEY to work offline with the built-in emulator.`;
  if (error instanceof APIConnectionError) return `Could not reach ${where}. Check the network and DASHSCOPE_BASE_URL, or unset DASHSCOPE_API_KEY to work offline with the built-in emulator.`;
  if (error instanceof InternalServerError) return 'DashScope failed on its side; retry later and quote the request id if it persists.';
  if (error instanceof ResponseValidationError) return 'The response did not have the documented shape; please report it with the request id.';
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
 * key: SDK errors do not carry it), a hint for the usual causes (region-bound keys on 401, the
 * embedding batch cap, throttling, network), the exit code of its class, and the API fields.
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
  if (error instanceof APIError) {
    described.status = error.status;
    if (error.code) described.code = error.code;
    if (error.requestId) described.requestId = error.requestId;
  }
  return described;
}
