import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  ArrearsError,
  AuthenticationError,
  BadRequestError,
  InputValidationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
  ResponseTooLargeError,
  ResponseValidationError,
} from '../index.js';
import { CliError, LocalFileError } from './cli-errors.js';

/**
 * Exit codes of `dashscope-kit`, by class of failure (also in the README):
 *
 * | code | meaning | errors |
 * | ---- | ------- | ------ |
 * | 0 | success | |
 * | 1 | unexpected failure (a bug: please report it) | anything else |
 * | 2 | usage: bad flags or input, found before any request | commander errors, `UsageError`, `InputValidationError` |
 * | 3 | authentication or permission (key, region, workspace) | `AuthenticationError` (401), `PermissionDeniedError` (403) |
 * | 4 | rejected by DashScope (parameter, model, content) | `BadRequestError` (400), `NotFoundError` (404) |
 * | 5 | rate limit, quota or billing | `RateLimitError`, `QuotaExhaustedError` (429), `ArrearsError` |
 * | 6 | service or network unavailable; retry later | `APIConnectionError` and timeouts, `InternalServerError` (5xx), `ResponseValidationError`, `ResponseTooLargeError`, other API errors |
 * | 7 | local files: docs folder, input file, output folder, index store | `LocalFileError`, Node file-system errors (`ENOENT`, `EACCES`, `EISDIR`…) |
 * | 8 | bulk embedding finished but some lines failed (listed on stderr, `error` lines in the output) | `BulkLinesFailedError` |
 * | 130 | interrupted with Ctrl-C; finished work was kept | `InterruptedError`, `APIUserAbortError` |
 */
export const EXIT_CODES = {
  ok: 0,
  unexpected: 1,
  usage: 2,
  auth: 3,
  rejected: 4,
  rateLimit: 5,
  unavailable: 6,
  localFile: 7,
  linesFailed: 8,
  interrupted: 130,
} as const;

const FILE_SYSTEM_CODES = new Set(['ENOENT', 'ENOTDIR', 'EISDIR', 'EACCES', 'EPERM', 'EEXIST', 'EROFS', 'ENOSPC', 'EMFILE', 'ELOOP', 'ENAMETOOLONG']);

/** Whether `error` is a Node file-system error about a path (`ENOENT`, `EACCES`, `EISDIR`…): a local file problem, not a bug. */
export function isFileSystemError(error: unknown): error is NodeJS.ErrnoException & { path: string } {
  const { code, path } = (error ?? {}) as NodeJS.ErrnoException;
  return typeof code === 'string' && FILE_SYSTEM_CODES.has(code) && typeof path === 'string';
}

/** The exit code for an error thrown by a command, following {@link EXIT_CODES}. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof CliError) return error.exitCode;
  if (error instanceof LocalFileError) return EXIT_CODES.localFile;
  if (isFileSystemError(error)) return EXIT_CODES.localFile;
  if (error instanceof APIUserAbortError) return EXIT_CODES.interrupted;
  if (error instanceof InputValidationError) return EXIT_CODES.usage;
  if (error instanceof AuthenticationError || error instanceof PermissionDeniedError) return EXIT_CODES.auth;
  if (error instanceof RateLimitError || error instanceof ArrearsError) return EXIT_CODES.rateLimit;
  if (error instanceof BadRequestError || error instanceof NotFoundError) return EXIT_CODES.rejected;
  if (error instanceof APIError || error instanceof APIConnectionError || error instanceof ResponseValidationError || error instanceof ResponseTooLargeError)
    return EXIT_CODES.unavailable;
  return EXIT_CODES.unexpected;
}
