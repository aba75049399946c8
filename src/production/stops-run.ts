import {
  ArrearsError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  QuotaExhaustedError,
} from '../core/errors.js';

/**
 * Errors every other request of a bulk run would get too (bad or wrong-region key, no access, unknown
 * model or workspace, overdue bill, free quota used up): bulk runs stop at the first one instead of
 * failing every item one by one (https://www.alibabacloud.com/help/en/model-studio/error-code).
 */
export function stopsRun(error: unknown): boolean {
  return (
    error instanceof AuthenticationError ||
    error instanceof PermissionDeniedError ||
    error instanceof NotFoundError ||
    error instanceof ArrearsError ||
    error instanceof QuotaExhaustedError
  );
}
