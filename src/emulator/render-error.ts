import type { Protocol } from '../models/model-info.js';
import type { CompatibleErrorBody, NativeErrorBody } from '../wire/errors.js';
import type { EndpointKind } from './emulator-options.js';
import type { CompatibleErrorForm, WireError } from './wire-error.js';

const DOCS = 'https://www.alibabacloud.com/help/en/model-studio/error-code';

function genericCompatibleForm(error: WireError, endpoint: EndpointKind | undefined): CompatibleErrorForm {
  switch (error.code) {
    case 'InvalidApiKey':
      return { type: 'invalid_request_error', code: 'invalid_api_key', message: `Incorrect API key provided. For details, see: ${DOCS}#apikey-error` };
    case 'Throttling.RateQuota':
      return { type: 'limit_requests', code: 'limit_requests', message: `You have exceeded your current request limit. For details, see: ${DOCS}#rate-limit` };
    case 'Throttling.AllocationQuota':
      return {
        type: 'insufficient_quota',
        code: 'insufficient_quota',
        message: `You exceeded your current quota, please check your plan and billing details. For details, see: ${DOCS}#rate-limit`,
      };
    case 'InvalidParameter':
      return endpoint === 'embeddings'
        ? { type: 'InvalidParameter', code: 'InvalidParameter', message: `<400> InternalError.Algo.InvalidParameter: ${error.message}` }
        : { type: 'invalid_request_error', code: 'invalid_parameter_error', message: `<400> InternalError.Algo.InvalidParameter: ${error.message}` };
    case 'InternalError':
      return { type: 'internal_error', code: 'internal_error', message: error.message };
    default:
      return { type: error.status >= 500 ? 'server_error' : 'invalid_request_error', code: error.code, message: error.message };
  }
}

/**
 * Renders a {@link WireError} in the envelope of the protocol that was called.
 *
 * - native: `{"code","message","request_id"}` (field order as recorded by DashScope).
 * - compatible: `{"error":{"message","type","param":null,"code"},"request_id"}`; embeddings errors also
 *   carry `id` (as recorded in third-party logs of `/compatible-mode/v1/embeddings`). Codes follow
 *   https://www.alibabacloud.com/help/en/model-studio/error-code: `invalid_api_key`, `limit_requests`,
 *   `insufficient_quota`, and for parameter errors the native code embedded in the message
 *   (`<400> InternalError.Algo.InvalidParameter: …`).
 *
 * @returns the HTTP status (the compatible form may differ, e.g. 404 `model_not_found`) and the body.
 */
export function renderError(
  error: WireError,
  protocol: Protocol,
  endpoint: EndpointKind | undefined,
  requestId: string,
): { status: number; body: NativeErrorBody | (CompatibleErrorBody & { id?: string }) } {
  if (protocol === 'native') return { status: error.status, body: { code: error.code, message: error.message, request_id: requestId } };
  const form = error.compatible ?? genericCompatibleForm(error, endpoint);
  const body: CompatibleErrorBody & { id?: string } = {
    error: { message: form.message, type: form.type, param: null, code: form.code },
    request_id: requestId,
  };
  if (endpoint === 'embeddings') body.id = requestId;
  return { status: form.status ?? error.status, body };
}
